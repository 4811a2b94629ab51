import { describe, expect, it } from '@jest/globals';
import { createWorkingCalendar } from '@motcua/domain';
import { receiptDeadlines, resumeClock, workingDaysAfter } from './dossier-clock.js';

const calendar = createWorkingCalendar();
// Hà Nội time is UTC+7: 09:00 on the day named.
const at = (date: string, time = '09:00') => new Date(`${date}T${time}:00+07:00`);

describe('receiptDeadlines', () => {
  it('counts the legal working days from the working day after receipt, in Hà Nội time', () => {
    // Tue 1 Dec 2026 + 15 working days = Tue 22 Dec; + 5 = Tue 8 Dec.
    expect(
      receiptDeadlines(at('2026-12-01'), { legalWorkingDays: 15, completenessCheckWorkingDays: 5 }, calendar),
    ).toEqual({ appointmentDate: '2026-12-22', completenessDueDate: '2026-12-08' });
    // 23:30 UTC on 30 Nov is already 1 Dec in Hà Nội.
    expect(receiptDeadlines(new Date('2026-11-30T23:30:00Z'), { legalWorkingDays: 1 }, calendar)).toEqual({
      appointmentDate: '2026-12-02',
    });
  });

  it('sets no date whose legal time is unknown', () => {
    expect(receiptDeadlines(at('2026-12-01'), {}, calendar)).toEqual({});
    expect(receiptDeadlines(at('2026-12-01'), { legalWorkingDays: null }, calendar)).toEqual({});
  });

  it('skips Tết and the weekend (Tết 2027: 4–10 February off, per the statutory table)', () => {
    const { appointmentDate } = receiptDeadlines(at('2027-02-02'), { legalWorkingDays: 3 }, calendar);
    // Wed 3 Feb, then the first working days after the holiday.
    expect(calendar.isWorkingDay('2027-02-08')).toBe(false);
    expect(appointmentDate! > '2027-02-08').toBe(true);
  });
});

describe('workingDaysAfter', () => {
  it('counts the working days after the first date up to and including the second', () => {
    expect(workingDaysAfter('2026-12-01', '2026-12-01', calendar)).toBe(0);
    expect(workingDaysAfter('2026-12-01', '2026-12-02', calendar)).toBe(1);
    // Tue → next Mon: Wed, Thu, Fri, Mon.
    expect(workingDaysAfter('2026-12-01', '2026-12-07', calendar)).toBe(4);
    // Fri → Sun: nothing.
    expect(workingDaysAfter('2026-12-04', '2026-12-06', calendar)).toBe(0);
    expect(workingDaysAfter('2026-12-07', '2026-12-01', calendar)).toBe(0);
    // 30 Apr and 1 May 2027 (Fri, Sat → compensatory Mon 3 May) are not counted.
    expect(workingDaysAfter('2027-04-29', '2027-05-04', calendar)).toBe(1);
  });
});

describe('resumeClock', () => {
  it('moves both dates by the working days the applicant held the dossier, and adds up rounds', () => {
    const first = resumeClock(
      {
        supplementRequestedAt: at('2026-12-01'),
        appointmentDate: '2026-12-22',
        completenessDueDate: '2026-12-08',
      },
      at('2026-12-07', '10:00'),
      calendar,
    );
    expect(first).toEqual({
      roundWorkingDays: 4,
      pausedWorkingDays: 4,
      appointmentDate: '2026-12-28',
      previousAppointmentDate: '2026-12-22',
      completenessDueDate: '2026-12-14',
      supplementedAt: at('2026-12-07', '10:00'),
    });
    const second = resumeClock(
      {
        supplementRequestedAt: at('2026-12-09'),
        appointmentDate: first.appointmentDate,
        pausedWorkingDays: first.pausedWorkingDays,
      },
      at('2026-12-10'),
      calendar,
    );
    expect(second).toMatchObject({
      roundWorkingDays: 1,
      pausedWorkingDays: 5,
      appointmentDate: '2026-12-29',
    });
  });

  it('supplemented the same day: nothing paused; no dates without a legal time', () => {
    expect(
      resumeClock({ supplementRequestedAt: at('2026-12-01') }, at('2026-12-01', '16:00'), calendar),
    ).toEqual({
      roundWorkingDays: 0,
      pausedWorkingDays: 0,
      supplementedAt: at('2026-12-01', '16:00'),
    });
  });
});
