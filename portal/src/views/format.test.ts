import { describe, expect, it } from '@jest/globals';
import { formatDateTimeVi, formatDateVi } from './format.js';

describe('Vietnamese date formatting', () => {
  it('writes dd/mm/yyyy in Vietnam time', () => {
    expect(formatDateVi(new Date('2026-11-27T18:30:00Z'))).toBe('28/11/2026');
    expect(formatDateVi('2026-12-10')).toBe('10/12/2026');
    expect(formatDateVi('2026-11-27T03:00:00.000+0000')).toBe('27/11/2026');
    expect(formatDateTimeVi('2026-11-27T03:05:00.000+0000')).toBe('10:05 27/11/2026');
    expect(formatDateVi(null)).toBe('');
    expect(formatDateVi('garbage')).toBe('');
  });
});
