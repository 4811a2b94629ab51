import { describe, expect, it } from '@jest/globals';
import { LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  it('blocks a username+IP after the allowed failures, until the window ends', () => {
    let now = 0;
    const t = new LoginThrottle({ maxFailures: 3, windowMs: 1000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(t.blockedFor('CanBo', '1.2.3.4')).toBe(0);
      t.recordFailure('canbo', '1.2.3.4');
    }
    now = 400;
    expect(t.blockedFor('canbo', '1.2.3.4')).toBe(600);
    expect(t.blockedFor('canbo', '5.6.7.8')).toBe(0);
    expect(t.blockedFor('lanhdao', '1.2.3.4')).toBe(0);
    now = 1000;
    expect(t.blockedFor('canbo', '1.2.3.4')).toBe(0);
  });

  it('forgets failures after a success', () => {
    const t = new LoginThrottle({ maxFailures: 2 });
    t.recordFailure('a', 'ip');
    t.recordSuccess('a', 'ip');
    t.recordFailure('a', 'ip');
    expect(t.blockedFor('a', 'ip')).toBe(0);
    t.recordFailure('a', 'ip');
    expect(t.blockedFor('a', 'ip')).toBeGreaterThan(0);
  });
});
