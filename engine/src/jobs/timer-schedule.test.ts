import { describe, expect, it } from '@jest/globals';
import { checkTimerText, nextFiring, schedule } from './timer-schedule.js';

const NOW = new Date('2026-11-27T10:02:03.000Z'); // a Friday

describe('timer schedules', () => {
  it.each<[string, 'timeDate' | 'timeDuration' | 'timeCycle', string, string, string | null]>([
    ['a date', 'timeDate', '2026-12-01T08:00:00Z', '2026-12-01T08:00:00.000Z', null],
    ['a Camunda date', 'timeDate', '2026-12-01T08:00:00.000+0700', '2026-12-01T01:00:00.000Z', null],
    ['a duration', 'timeDuration', 'PT5M', '2026-11-27T10:07:03.000Z', null],
    ['days', 'timeDuration', 'P3D', '2026-11-30T10:02:03.000Z', null],
    [
      'a counted cycle',
      'timeCycle',
      'R3/PT10M',
      '2026-11-27T10:12:03.000Z',
      'R3/2026-11-27T10:12:03.000Z/PT10M',
    ],
    [
      'an endless cycle',
      'timeCycle',
      'R/PT1H',
      '2026-11-27T11:02:03.000Z',
      'R/2026-11-27T11:02:03.000Z/PT1H',
    ],
    [
      'a cycle with a start',
      'timeCycle',
      'R2/2026-12-01T00:00:00Z/P1D',
      '2026-12-01T00:00:00.000Z',
      'R2/2026-12-01T00:00:00.000Z/P1D',
    ],
    ['a Quartz cron', 'timeCycle', '0 0/5 * * * ?', '2026-11-27T10:05:00.000Z', '0 0/5 * * * ?'],
    // Quartz weekdays 2-6 are Monday to Friday: from Friday 10:02 the next 08:00 is Monday.
    ['Quartz weekdays', 'timeCycle', '0 0 8 ? * 2-6', '2026-11-30T08:00:00.000Z', '0 0 8 ? * 2-6'],
  ])('%s', (_what, kind, text, due, repeat) => {
    const s = schedule(kind, text, NOW);
    expect(s.dueDate.toISOString()).toBe(due);
    expect(s.repeat).toBe(repeat);
  });

  it('a cycle re-arms for its first date after now and stops after its last; cron goes on', () => {
    const first = schedule('timeCycle', 'R2/PT10M', NOW);
    // Fired when due: the second date.
    const second = nextFiring(first.repeat, first.dueDate, first.dueDate)!;
    expect(second.dueDate).toEqual(new Date('2026-11-27T10:22:03.000Z'));
    expect(nextFiring(second.repeat, second.dueDate, second.dueDate)).toBeNull();
    // Fired early (POST /job/{id}/execute before it is due): the first date again, as Operaton.
    expect(nextFiring(first.repeat, first.dueDate, NOW)!.dueDate).toEqual(first.dueDate);
    // The anchor is kept to the second, as Camunda keeps it.
    const odd = schedule('timeCycle', 'R2/PT10M', new Date('2026-11-27T10:02:03.456Z'));
    expect(odd.repeat).toBe('R2/2026-11-27T10:12:03.000Z/PT10M');
    // An endless cycle goes on; a job stored with the old count-down form still counts down.
    const hourly = schedule('timeCycle', 'R/PT1H', NOW);
    expect(nextFiring(hourly.repeat, hourly.dueDate, new Date('2026-11-27T13:30:00Z'))!.dueDate).toEqual(
      new Date('2026-11-27T14:02:03.000Z'),
    );
    expect(nextFiring('R2/PT10M', NOW)).toEqual({
      dueDate: new Date('2026-11-27T10:12:03.000Z'),
      repeat: 'R1/PT10M',
    });
    expect(nextFiring('0 0 8 * * ?', new Date('2026-11-27T08:00:00.000Z'))?.dueDate.toISOString()).toBe(
      '2026-11-28T08:00:00.000Z',
    );
  });

  it.each([
    ['timeDuration', '5 minutes', /not an ISO 8601 duration/],
    ['timeDate', 'tomorrow', /not an ISO 8601 date-time/],
    ['timeCycle', 'R0/PT1M', /repeats zero times/],
    // A 7th (year) field: Operaton refuses it (cron-utils), so do we.
    ['timeCycle', '0 0 8 * * ? 2030', /contains 7 parts but we expect one of \[6\]/],
    ['timeCycle', '0 30 9 * * ? *', /contains 7 parts but we expect one of \[6\]/],
    ['timeCycle', '* *', /neither Rn\/<duration> nor a cron/],
    ['timeDuration', '${a +}', /invalid timeDuration expression/],
  ] as const)('refuses %s %s', (kind, text, message) => {
    expect(checkTimerText(kind, text)).toMatch(message);
  });

  it('accepts expressions, checked when the timer is created', () => {
    expect(checkTimerText('timeDate', '#{dueDate}')).toBeNull();
  });
});
