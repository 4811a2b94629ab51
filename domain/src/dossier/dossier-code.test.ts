import { describe, expect, it } from '@jest/globals';
import { formatDossierCode, parseDossierCode, vietnamDayStamp } from './dossier-code.js';

describe('dossier code', () => {
  it('uses the Vietnam calendar day, not UTC', () => {
    // 2026-11-27 18:30 UTC is already 28/11 in Hà Nội.
    expect(vietnamDayStamp(new Date('2026-11-27T18:30:00Z'))).toBe('261128');
    expect(vietnamDayStamp(new Date('2026-11-27T16:59:59Z'))).toBe('261127');
  });

  it('formats unit, day and a 5-digit sequence, and parses it back', () => {
    const code = formatDossierCode('000.00.01.G13', new Date('2026-01-05T03:00:00Z'), 42);
    expect(code).toBe('000.00.01.G13-260105-00042');
    expect(parseDossierCode(code)).toEqual({ unitCode: '000.00.01.G13', day: '260105', sequence: 42 });
  });

  it('rejects sequences outside the 5-digit range and malformed codes', () => {
    expect(() => formatDossierCode('G13', new Date(), 0)).toThrow(/outside/);
    expect(() => formatDossierCode('G13', new Date(), 100000)).toThrow(/outside/);
    expect(() => formatDossierCode('bad unit', new Date(), 1)).toThrow(/unit code/);
    expect(parseDossierCode('G13-2601-1')).toBeNull();
  });
});
