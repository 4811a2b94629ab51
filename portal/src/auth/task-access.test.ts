import { describe, expect, it } from '@jest/globals';
import { decideTaskAccess, type TaskAction } from './task-access.js';

const canbo = { id: 'u-canbo', role: 'officer', groups: ['mot-cua', 'chuyen-vien'] };
const applicant = { id: 'u-congdan', role: 'applicant', groups: ['mot-cua'] };

describe('decideTaskAccess', () => {
  const cases: Array<[string, TaskAction, string | null, boolean, ReturnType<typeof decideTaskAccess>]> = [
    ['candidate views a free task', 'view', null, true, { allowed: true }],
    ['outsider views a free task', 'view', null, false, { allowed: false, reason: 'not-candidate' }],
    ['assignee views outside the groups', 'view', 'u-canbo', false, { allowed: true }],
    ['candidate claims a free task', 'claim', null, true, { allowed: true }],
    ['outsider claims a free task', 'claim', null, false, { allowed: false, reason: 'not-candidate' }],
    [
      'candidate claims a task someone else holds',
      'claim',
      'u-other',
      true,
      { allowed: false, reason: 'claimed-by-other' },
    ],
    ['assignee unclaims', 'unclaim', 'u-canbo', true, { allowed: true }],
    [
      'candidate unclaims someone else’s task',
      'unclaim',
      'u-other',
      true,
      { allowed: false, reason: 'not-assignee' },
    ],
    ['assignee completes', 'complete', 'u-canbo', false, { allowed: true }],
    [
      'candidate completes a free task (claims first)',
      'complete',
      null,
      true,
      { allowed: true, mustClaimFirst: true },
    ],
    [
      'candidate completes a task someone else holds',
      'complete',
      'u-other',
      true,
      { allowed: false, reason: 'claimed-by-other' },
    ],
    ['outsider completes a free task', 'complete', null, false, { allowed: false, reason: 'not-candidate' }],
  ];
  it.each(cases)('%s', (_name, action, assignee, offered, expected) => {
    expect(decideTaskAccess(canbo, { assignee, offeredToActorGroups: offered }, action)).toEqual(expected);
  });

  it('never lets an applicant act on a task, whatever the groups say', () => {
    for (const action of ['view', 'claim', 'unclaim', 'complete'] as const) {
      expect(
        decideTaskAccess(applicant, { assignee: 'u-congdan', offeredToActorGroups: true }, action),
      ).toEqual({
        allowed: false,
        reason: 'not-staff',
      });
    }
  });
});
