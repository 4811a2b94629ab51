import { describe, expect, it } from '@jest/globals';
import { dueState, dueWindow } from './due-state.js';

describe('due state of a dossier', () => {
  // 10/03/2026 08:00 in Vietnam (01:00 UTC).
  const now = new Date('2026-03-10T01:00:00Z');

  it('counts the window in Vietnam days', () => {
    expect(dueWindow(now)).toEqual({ today: '2026-03-10', nearUntil: '2026-03-12' });
    // 23:30 UTC on the 9th is already the 10th in Vietnam.
    expect(dueWindow(new Date('2026-03-09T23:30:00Z')).today).toBe('2026-03-10');
  });

  it('is overdue before today, near from today for two days, else ok', () => {
    expect(dueState('2026-03-09', now)).toBe('overdue');
    expect(dueState('2026-03-10', now)).toBe('near');
    expect(dueState('2026-03-12', now)).toBe('near');
    expect(dueState('2026-03-13', now)).toBe('ok');
    expect(dueState(null, now)).toBeNull();
  });

  it('reads an engine due moment in Vietnam time', () => {
    expect(dueState('2026-03-09T17:00:00.000+0700', now)).toBe('overdue');
    expect(dueState('2026-03-13T17:00:00+07:00', now)).toBe('ok');
  });
});
