import { describe, expect, it } from '@jest/globals';
import { nextRetry } from './retry-policy.js';

const policy = { retries: 4, backoffMs: 1000, maxBackoffMs: 5000 };

describe('nextRetry', () => {
  it('starts from the configured number when the task never failed (retries null)', () => {
    expect(nextRetry(null, policy)).toEqual({ retries: 3, retryTimeout: 1000 });
    expect(nextRetry(undefined, policy)).toEqual({ retries: 3, retryTimeout: 1000 });
  });

  it('counts down from the retries the engine reports, doubling the wait up to the cap', () => {
    expect(nextRetry(3, policy)).toEqual({ retries: 2, retryTimeout: 2000 });
    expect(nextRetry(2, policy)).toEqual({ retries: 1, retryTimeout: 4000 });
    expect(nextRetry(2, { ...policy, maxBackoffMs: 3000 })).toEqual({ retries: 1, retryTimeout: 3000 });
  });

  it('reports 0 retries (an incident) on the last attempt and never goes negative', () => {
    expect(nextRetry(1, policy)).toEqual({ retries: 0, retryTimeout: 0 });
    expect(nextRetry(0, policy)).toEqual({ retries: 0, retryTimeout: 0 });
    expect(nextRetry(null, { ...policy, retries: 1 })).toEqual({ retries: 0, retryTimeout: 0 });
  });

  it('honours retries an operator raised above the configured number', () => {
    // PUT /external-task/{id}/retries set 10: the wait restarts from the base.
    expect(nextRetry(10, policy)).toEqual({ retries: 9, retryTimeout: 1000 });
  });
});
