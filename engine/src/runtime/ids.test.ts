import { validate, version } from 'uuid';
import { newId } from './ids.js';

describe('newId', () => {
  it('makes valid, distinct, strictly increasing UUID v7s across pool refills', () => {
    const ids = Array.from({ length: 2000 }, () => newId());
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
  });

  it('carries the current time in its first 48 bits', () => {
    const before = Date.now();
    const id = newId();
    const msecs = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    // Same millisecond as an earlier id: the time may run ahead by the sequence's overflow only.
    expect(msecs).toBeGreaterThanOrEqual(before);
    expect(msecs).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('uses fresh random bits per id (not the same tail twice)', () => {
    const tails = Array.from({ length: 600 }, () => newId().slice(-12));
    expect(new Set(tails).size).toBe(tails.length);
  });
});
