import { describe, expect, it } from '@jest/globals';
import { createWorkingCalendar } from '@motcua/domain';
import type { ProcessingTime } from '../catalogue/procedure-description.js';
import { mainClockVariables, receiptDeadlines, resumeClock, startMainClock } from './dossier-clock.js';
import {
  addCalendarMonths,
  addDuration,
  daysAfter,
  legalClockOf,
  parseLegalClock,
  serializeLegalClock,
  type LegalClock,
} from './legal-clock.js';

const calendar = createWorkingCalendar();
// Hà Nội time is UTC+7: 09:00 on the day named.
const at = (date: string, time = '09:00') => new Date(`${date}T${time}:00+07:00`);

const time = (asStated: string, parts: ProcessingTime['parts'], check = parts[0]): ProcessingTime => ({
  asStated,
  parts,
  completenessCheck: check?.step === 'completeness-check' ? { amount: check.amount, unit: check.unit } : null,
  totalWorkingDays: parts.every((p) => p.unit === 'working-days')
    ? parts.reduce((n, p) => n + p.amount, 0)
    : null,
});

const SPLIT: LegalClock = {
  check: { amount: 5, unit: 'working-days' },
  main: [{ amount: 10, unit: 'working-days' }],
  mainStartsAt: 'valid-and-paid',
};

describe('calendar days and months (Civil Code 2015 art. 147–148)', () => {
  it('calendar days: the day after the event is day 1; the last day is the event day + n', () => {
    expect(addDuration('2026-12-01', { amount: 30, unit: 'calendar-days' }, calendar)).toBe('2026-12-31');
  });

  it('art. 148(5): a last day on a weekend or a holiday moves to the next working day', () => {
    // Tue 1 Dec + 4 = Sat 5 Dec → Mon 7 Dec.
    expect(addDuration('2026-12-01', { amount: 4, unit: 'calendar-days' }, calendar)).toBe('2026-12-07');
    // Wed 2 Dec 2026 + 30 = Fri 1 Jan 2027 (New Year), then the weekend → Mon 4 Jan.
    expect(addDuration('2026-12-02', { amount: 30, unit: 'calendar-days' }, calendar)).toBe('2027-01-04');
  });

  it('months: the same day of the last month, its last day when it has none (art. 148(3))', () => {
    expect(addCalendarMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addCalendarMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addCalendarMonths('2026-12-15', 2)).toBe('2027-02-15');
    // Tue 29 Feb 2028 is a working day; Sun 28 Feb 2027 is not → Mon 1 Mar 2027.
    expect(addDuration('2028-01-31', { amount: 1, unit: 'months' }, calendar)).toBe('2028-02-29');
    expect(addDuration('2027-01-31', { amount: 1, unit: 'months' }, calendar)).toBe('2027-03-01');
    // 6 Feb 2027 falls in Tết (off up to Thu 11 Feb, then the weekend): the time ends on Fri 12 Feb.
    expect(calendar.isWorkingDay('2027-02-11')).toBe(false);
    expect(addDuration('2027-01-06', { amount: 1, unit: 'months' }, calendar)).toBe('2027-02-12');
  });

  it('counts the days of a pause in the clock’s kind', () => {
    // Wed 2 → Mon 7 Dec: Thu, Fri, Mon = 3 working days, 5 calendar days.
    expect(daysAfter('2026-12-02', '2026-12-07', 'working-days', calendar)).toBe(3);
    expect(daysAfter('2026-12-02', '2026-12-07', 'calendar-days', calendar)).toBe(5);
    expect(daysAfter('2026-12-07', '2026-12-02', 'months', calendar)).toBe(0);
  });
});

describe('legalClockOf', () => {
  it('a split time: the check from receipt, the main part from the valid and paid dossier', () => {
    const r = legalClockOf(
      time('5wd+10wd', [
        { step: 'completeness-check', amount: 5, unit: 'working-days' },
        { step: 'appraisal-and-decision', amount: 10, unit: 'working-days' },
      ]),
    );
    expect(r).toEqual({ clock: SPLIT });
  });

  it('one time for the whole procedure counts from receipt; calendar days and months are known', () => {
    expect(
      legalClockOf(time('30 ngày', [{ step: 'whole-procedure', amount: 30, unit: 'calendar-days' }])),
    ).toEqual({
      clock: { check: null, main: [{ amount: 30, unit: 'calendar-days' }], mainStartsAt: 'receipt' },
    });
    expect(
      legalClockOf(
        time('3wd+2 tháng', [
          { step: 'completeness-check', amount: 3, unit: 'working-days' },
          { step: 'appraisal-and-decision', amount: 2, unit: 'months' },
        ]),
      ).clock,
    ).toEqual({
      check: { amount: 3, unit: 'working-days' },
      main: [{ amount: 2, unit: 'months' }],
      mainStartsAt: 'valid-and-paid',
    });
  });

  it('no clock for "ngày" of unknown kind, a part not modelled, or no time at all', () => {
    expect(legalClockOf(null)).toEqual({ clock: null, reason: 'legal processing time unknown' });
    expect(
      legalClockOf(
        time('3wd+30', [
          { step: 'completeness-check', amount: 3, unit: 'working-days' },
          { step: 'appraisal-and-decision', amount: 30, unit: 'days' },
        ]),
      ).reason,
    ).toMatch(/without saying working or calendar days/);
    expect(
      legalClockOf(
        time('1 tháng; công bố 2 tháng', [
          { step: 'completeness-check', amount: 1, unit: 'months' },
          { step: 'other', amount: 2, unit: 'months' },
        ]),
      ).reason,
    ).toMatch(/neither the completeness check nor the appraisal/);
    expect(
      legalClockOf(time('5wd', [{ step: 'completeness-check', amount: 5, unit: 'working-days' }])).reason,
    ).toMatch(/gives only the completeness check/);
  });

  it('the variable round-trips; anything else is refused', () => {
    expect(parseLegalClock(serializeLegalClock(SPLIT))).toEqual(SPLIT);
    expect(() => parseLegalClock('{"check":null,"main":[],"mainStartsAt":"receipt"}')).toThrow(
      /not a legal clock/,
    );
    expect(() =>
      parseLegalClock('{"check":null,"main":[{"amount":3,"unit":"days"}],"mainStartsAt":"receipt"}'),
    ).toThrow(/not a legal clock/);
  });
});

describe('the receipt with a legal clock', () => {
  it('sets the check’s own date and a provisional appointment (check, then the main part)', () => {
    // Tue 1 Dec: + 5 wd = Tue 8 Dec; + 10 wd = Tue 22 Dec.
    expect(receiptDeadlines(at('2026-12-01'), { legalClock: serializeLegalClock(SPLIT) }, calendar)).toEqual({
      completenessDueDate: '2026-12-08',
      appointmentDate: '2026-12-22',
    });
    const months: LegalClock = {
      check: { amount: 3, unit: 'working-days' },
      main: [{ amount: 2, unit: 'months' }],
      mainStartsAt: 'valid-and-paid',
    };
    // Tue 1 Dec + 3 wd = Fri 4 Dec; + 2 months = Thu 4 Feb 2027.
    expect(receiptDeadlines(at('2026-12-01'), { legalClock: months }, calendar)).toEqual({
      completenessDueDate: '2026-12-04',
      appointmentDate: '2027-02-04',
    });
    // Received Fri 11 Dec: check ends Wed 16 Dec; + 2 months = Tue 16 Feb 2027 (after Tết).
    expect(receiptDeadlines(at('2026-12-11'), { legalClock: months }, calendar).appointmentDate).toBe(
      '2027-02-16',
    );
  });
});

describe('startMainClock', () => {
  it('a split time: the main part counts from the day the dossier is valid and paid', () => {
    // Valid on Thu 3 Dec, paid Mon 7 Dec: 10 working days from Mon 7 Dec = Mon 21 Dec.
    expect(
      startMainClock(
        {
          legalClock: SPLIT,
          paymentRequestedAt: at('2026-12-03'),
          mainClockStartedAt: at('2026-12-07', '15:00'),
          appointmentDate: '2026-12-22',
        },
        calendar,
      ),
    ).toEqual({
      mainClockStartedOn: '2026-12-07',
      appointmentDate: '2026-12-21',
      previousAppointmentDate: '2026-12-22',
      paymentWaitDays: 2,
    });
  });

  it('one whole time: extended by the wait for the payment, in the kind of day it counts', () => {
    const whole = (unit: 'working-days' | 'calendar-days'): LegalClock => ({
      check: null,
      main: [{ amount: 5, unit }],
      mainStartsAt: 'receipt',
    });
    const dossier = {
      paymentRequestedAt: at('2026-12-02'),
      mainClockStartedAt: at('2026-12-07'),
      appointmentDate: '2026-12-08',
    };
    // Paid 3 working days after the request (Thu, Fri, Mon): Tue 8 Dec + 3 wd = Fri 11 Dec.
    expect(startMainClock({ ...dossier, legalClock: whole('working-days') }, calendar)).toMatchObject({
      appointmentDate: '2026-12-11',
      paymentWaitDays: 3,
    });
    // 5 calendar days: Tue 8 Dec + 5 = Sun 13 Dec → Mon 14 Dec.
    expect(startMainClock({ ...dossier, legalClock: whole('calendar-days') }, calendar)).toMatchObject({
      appointmentDate: '2026-12-14',
      paymentWaitDays: 5,
    });
    // Nothing to wait for: the date stays, and no previous date is reported.
    expect(
      startMainClock(
        {
          legalClock: whole('working-days'),
          mainClockStartedAt: at('2026-12-03'),
          appointmentDate: '2026-12-08',
        },
        calendar,
      ),
    ).toEqual({ mainClockStartedOn: '2026-12-03', appointmentDate: '2026-12-08', paymentWaitDays: 0 });
    expect(() =>
      startMainClock({ legalClock: whole('working-days'), mainClockStartedAt: at('2026-12-03') }, calendar),
    ).toThrow(/appointmentDate is missing/);
  });

  it('mainClockVariables reads the task variables as REST or the client gives them', () => {
    expect(
      mainClockVariables(
        {
          legalClock: serializeLegalClock(SPLIT),
          mainClockStartedAt: '2026-12-03T10:00:00.000+0700',
          appointmentDate: '2026-12-22',
        },
        calendar,
      ),
    ).toEqual({
      mainClockStartedOn: '2026-12-03',
      appointmentDate: '2026-12-17',
      previousAppointmentDate: '2026-12-22',
      paymentWaitDays: 0,
    });
    expect(() => mainClockVariables({ mainClockStartedAt: at('2026-12-03') }, calendar)).toThrow(
      /legalClock is missing/,
    );
    expect(() => mainClockVariables({ legalClock: serializeLegalClock(SPLIT) }, calendar)).toThrow(
      /mainClockStartedAt is missing/,
    );
  });
});

describe('resumeClock with a legal clock in calendar days', () => {
  it('moves the appointment by the calendar days paused, the check’s date by its working days', () => {
    const clock: LegalClock = {
      check: { amount: 3, unit: 'working-days' },
      main: [{ amount: 30, unit: 'calendar-days' }],
      mainStartsAt: 'receipt',
    };
    // Requested Tue 1 Dec, supplemented Mon 7 Dec: 4 working days, 6 calendar days.
    expect(
      resumeClock(
        {
          supplementRequestedAt: at('2026-12-01'),
          appointmentDate: '2026-12-31',
          completenessDueDate: '2026-12-04',
          legalClock: clock,
        },
        at('2026-12-07'),
        calendar,
      ),
    ).toMatchObject({
      roundWorkingDays: 4,
      // Thu 31 Dec + 6 = Wed 6 Jan 2027.
      appointmentDate: '2027-01-06',
      completenessDueDate: '2026-12-10',
    });
  });
});
