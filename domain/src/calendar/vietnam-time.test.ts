import { describe, expect, it } from '@jest/globals';
import {
  formatDateTimeVi,
  formatDateVi,
  formatVietnamStamp,
  parseVietnamStamp,
  vietnamDate,
  vietnamInstant,
  vietnamWallClock,
  VIETNAM_UTC_OFFSET,
} from './vietnam-time.js';

describe("Vietnam's time and Vietnamese dates", () => {
  it('writes an instant dd/mm/yyyy on Vietnam’s calendar, a calendar day as it is', () => {
    expect(formatDateVi(new Date('2026-11-27T16:59:00Z'))).toBe('27/11/2026');
    expect(formatDateVi(new Date('2026-11-27T17:00:00Z'))).toBe('28/11/2026');
    expect(formatDateVi('2026-12-10')).toBe('10/12/2026');
    expect(formatDateVi('2026-12-31T18:00:00.000+0000')).toBe('01/01/2027');
    expect(formatDateVi('2026-12-31T23:00:00+07:00')).toBe('31/12/2026');
    expect(formatDateVi(null)).toBe('');
    expect(formatDateVi('not a date')).toBe('');
  });

  it('writes a moment dd/mm/yyyy HH:mm, or time first when asked', () => {
    expect(formatDateTimeVi('2026-11-27T03:05:00.000+0000')).toBe('27/11/2026 10:05');
    expect(formatDateTimeVi(new Date('2026-11-27T17:30:00Z'), { timeFirst: true })).toBe('00:30 28/11/2026');
    expect(formatDateTimeVi(undefined)).toBe('');
    expect(formatDateTimeVi('garbage')).toBe('');
  });

  it('turns a wall-clock time of a Vietnamese day into the instant, and back', () => {
    expect(VIETNAM_UTC_OFFSET).toBe('+07:00');
    expect(vietnamInstant('2026-12-07').toISOString()).toBe('2026-12-06T17:00:00.000Z');
    expect(vietnamInstant('2026-12-07', '17:00').toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(vietnamDate(vietnamInstant('2026-12-07'))).toBe('2026-12-07');
    expect(vietnamWallClock(new Date('2026-12-31T20:00:00Z')).getUTCFullYear()).toBe(2027);
  });

  it('writes and reads the yyyyMMddHHmmss stamp in Vietnam’s time', () => {
    const at = new Date('2026-12-31T17:04:05.000Z');
    expect(formatVietnamStamp(at)).toBe('20270101000405');
    expect(parseVietnamStamp('20270101000405')?.toISOString()).toBe(at.toISOString());
    expect(parseVietnamStamp('2027010100040')).toBeNull();
    expect(parseVietnamStamp(undefined)).toBeNull();
  });
});
