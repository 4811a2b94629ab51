import { formatIsoDate, parseIsoDate, type IsoDate } from './iso-date.js';

/**
 * The Vietnamese lunisolar calendar (âm lịch), computed astronomically as Hồ Ngọc Đức describes it
 * in "Thuật toán tính âm lịch": a lunar month starts on the day (in UTC+7) of a new moon; the month
 * that contains the winter solstice is month 11; a year with 13 months between two months 11 has
 * a leap month, the first month after month 11 that contains no major solar term (trung khí: the
 * sun entering a multiple of 30° of longitude). New moons and the sun's longitude come from the
 * low-precision formulas of Jean Meeus, "Astronomical Algorithms" — good to well under a day for
 * 1900–2100, which is what the working-day calendar needs.
 *
 * Written for motcua from the published description of the method (no code copied; the reference
 * code's licence is non-commercial). Works in Julian day numbers: integers for days, fractional
 * Julian dates for instants.
 */

/** A day of the lunar calendar. `leap` = the day lies in the leap (nhuận) month of that number. */
export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

/** Vietnam's civil time since 1975 (earlier dates would need UTC+8 for some years: out of scope). */
const VIETNAM_UTC_OFFSET_HOURS = 7;
const RAD = Math.PI / 180;
const SYNODIC_MONTH = 29.530588853;
/** Julian date of the first new moon of 1900 (1900-01-01 13:52 UT), the origin of the lunation count. */
const NEW_MOON_1900 = 2415021.076998695;

// The conversions are tested for these years; outside them the approximations are not verified.
export const LUNAR_MIN_YEAR = 1900;
export const LUNAR_MAX_YEAR = 2199;

/** Julian day number of a Gregorian date. */
function julianDay(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

function julianDayOf(date: IsoDate): number {
  const d = parseIsoDate(date);
  return julianDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Julian day number 2440588 is 1970-01-01. */
function isoDateOfJulianDay(jd: number): IsoDate {
  return formatIsoDate(new Date((jd - 2440588) * 86_400_000));
}

/** The instant (Julian date, UT) of new moon number k counted from the first new moon of 1900 (Meeus ch. 49, simplified). */
function newMoonInstant(k: number): number {
  const t = k / 1236.85; // Julian centuries from 1900
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD;
  const latitudeArg = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitudeArg) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitudeArg + sunAnomaly) -
    0.0004 * Math.sin(2 * latitudeArg - sunAnomaly) -
    0.0006 * Math.sin(2 * latitudeArg + moonAnomaly) +
    0.001 * Math.sin(2 * latitudeArg - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  // ΔT (TT − UT) in days, a polynomial fit good enough at this precision.
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + correction - deltaT;
}

/** The day (Julian day number, local civil date) on which new moon k falls. */
function newMoonDay(k: number): number {
  return Math.floor(newMoonInstant(k) + 0.5 + VIETNAM_UTC_OFFSET_HOURS / 24);
}

/** The sun's apparent ecliptic longitude in degrees [0, 360) at a Julian date (UT), Meeus ch. 25, low precision. */
function sunLongitudeDegrees(jd: number): number {
  const t = (jd - 2451545.0) / 36525; // Julian centuries from J2000.0
  const t2 = t * t;
  const meanAnomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RAD;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const centre =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(meanAnomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * meanAnomaly) +
    0.00029 * Math.sin(3 * meanAnomaly);
  const longitude = (meanLongitude + centre) % 360;
  return longitude < 0 ? longitude + 360 : longitude;
}

/**
 * Which 30° sector (0–11) the sun is in at the start of a local day. Sector 9 begins at 270°, the
 * winter solstice; a month without a change of sector has no major solar term.
 */
function sunSectorAtDayStart(dayNumber: number): number {
  const startUt = dayNumber - 0.5 - VIETNAM_UTC_OFFSET_HOURS / 24;
  return Math.floor(sunLongitudeDegrees(startUt) / 30);
}

/** Lunation index of the month that starts on a given new-moon day. */
function lunationOf(newMoonDayNumber: number): number {
  return Math.floor((newMoonDayNumber - NEW_MOON_1900) / SYNODIC_MONTH + 0.5);
}

/** First day of lunar month 11 of a Gregorian year: the month containing the winter solstice. */
function month11Start(year: number): number {
  const dec31 = julianDay(year, 12, 31);
  const k = Math.floor((dec31 - NEW_MOON_1900) / SYNODIC_MONTH);
  const candidate = newMoonDay(k);
  // If the last new moon of the year comes after the solstice, month 11 began one lunation earlier.
  return sunSectorAtDayStart(candidate) >= 9 ? newMoonDay(k - 1) : candidate;
}

/**
 * In a 13-month lunar year starting at month 11 (`month11`), the offset (in months after month 11)
 * of the leap month: the first month during which the sun stays in one sector.
 */
function leapMonthOffset(month11: number): number {
  const k = lunationOf(month11);
  let offset = 1;
  let sector = sunSectorAtDayStart(newMoonDay(k + offset));
  for (;;) {
    const next = sunSectorAtDayStart(newMoonDay(k + offset + 1));
    if (next === sector || offset >= 13) return offset;
    sector = next;
    offset++;
  }
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR)
    throw new RangeError(`Lunar conversion supports years ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}, got ${year}`);
}

/** The lunar date of a solar (Gregorian) date, in Vietnam's time zone. */
export function solarToLunar(date: IsoDate): LunarDate {
  const dayNumber = julianDayOf(date);
  const solarYear = parseIsoDate(date).getUTCFullYear();
  checkYear(solarYear);

  const k = Math.floor((dayNumber - NEW_MOON_1900) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > dayNumber) monthStart = newMoonDay(k);

  // The lunar year runs between two months 11; find the pair around this day.
  let from11 = month11Start(solarYear);
  let to11: number;
  let lunarYear: number;
  if (from11 >= monthStart) {
    lunarYear = solarYear;
    to11 = from11;
    from11 = month11Start(solarYear - 1);
  } else {
    lunarYear = solarYear + 1;
    to11 = month11Start(solarYear + 1);
  }

  const monthsAfter11 = Math.floor((monthStart - from11) / 29);
  let month = monthsAfter11 + 11;
  let leap = false;
  if (to11 - from11 > 365) {
    const leapOffset = leapMonthOffset(from11);
    if (monthsAfter11 >= leapOffset) {
      month = monthsAfter11 + 10;
      leap = monthsAfter11 === leapOffset;
    }
  }
  if (month > 12) month -= 12;
  // Months 11 and 12 belong to the lunar year that started before this solar year's Tết.
  if (month >= 11 && monthsAfter11 < 4) lunarYear -= 1;
  return { year: lunarYear, month, day: dayNumber - monthStart + 1, leap };
}

/**
 * The solar date of a lunar date. Throws a RangeError for a day the lunar calendar does not have:
 * a leap month that year does not have, or day 30 of a 29-day month.
 */
export function lunarToSolar(lunar: LunarDate): IsoDate {
  const { year, month, day, leap } = lunar;
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new RangeError(`Lunar month must be 1–12, got ${month}`);
  if (!Number.isInteger(day) || day < 1 || day > 30)
    throw new RangeError(`Lunar day must be 1–30, got ${day}`);

  // Months 11 and 12 of lunar year Y lie between month 11 of solar year Y and that of Y + 1.
  const from11 = month < 11 ? month11Start(year - 1) : month11Start(year);
  const to11 = month < 11 ? month11Start(year) : month11Start(year + 1);
  let offset = month - 11;
  if (offset < 0) offset += 12;
  if (to11 - from11 > 365) {
    const leapOffset = leapMonthOffset(from11);
    const leapMonth = leapMonthNumber(leapOffset);
    if (leap && month !== leapMonth)
      throw new RangeError(`Lunar year ${year} has no leap month ${month} (its leap month is ${leapMonth})`);
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new RangeError(`Lunar year ${year} has no leap month`);
  }
  const k = lunationOf(from11);
  const monthStart = newMoonDay(k + offset);
  const monthLength = newMoonDay(k + offset + 1) - monthStart;
  if (day > monthLength)
    throw new RangeError(
      `Lunar month ${month}${leap ? ' (nhuận)' : ''}/${year} has ${monthLength} days, not ${day}`,
    );
  return isoDateOfJulianDay(monthStart + day - 1);
}

/** The number a leap month repeats: the month before it, counted from month 11 at offset 0. */
function leapMonthNumber(leapOffset: number): number {
  const n = 10 + leapOffset;
  return n > 12 ? n - 12 : n;
}

/** The leap month of a lunar year (1–12), or null when the year has none. */
export function leapMonthOf(lunarYear: number): number | null {
  checkYear(lunarYear);
  // Months 1–10 of the year lie between month 11 of the two previous solar years …
  const a = month11Start(lunarYear - 1);
  const b = month11Start(lunarYear);
  if (b - a > 365) {
    const offset = leapMonthOffset(a);
    if (offset >= 3) return leapMonthNumber(offset);
  }
  // … months 11 and 12 after month 11 of this solar year.
  const c = month11Start(lunarYear + 1);
  if (c - b > 365) {
    const offset = leapMonthOffset(b);
    if (offset <= 2) return leapMonthNumber(offset);
  }
  return null;
}
