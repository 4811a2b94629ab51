import { describe, expect, it } from '@jest/globals';
import { addIsoDuration } from './iso-duration.js';

const from = new Date('2026-01-31T10:00:00.000Z');

describe('ISO-8601 durations', () => {
  it.each([
    ['P10D', '2026-02-10T10:00:00.000Z'],
    ['PT4H', '2026-01-31T14:00:00.000Z'],
    ['P2W', '2026-02-14T10:00:00.000Z'],
    ['P1Y2M3DT4H5M6S', '2027-04-03T14:05:06.000Z'],
    ['PT1.5S', '2026-01-31T10:00:01.500Z'],
    ['P1M', '2026-03-03T10:00:00.000Z'], // 31 Jan + 1 month overflows into March, as Date does
  ])('%s → %s', (text, expected) => {
    expect(addIsoDuration(from, text)?.toISOString()).toBe(expected);
  });

  it.each(['P', 'PT', '10D', 'P1H', 'tomorrow', ''])('refuses %j', (text) => {
    expect(addIsoDuration(from, text)).toBeNull();
  });
});
