import { describe, expect, it } from '@jest/globals';
import type { AuditRecord, Dossier } from '@motcua/db/portal';
import { LoginThrottle } from '../auth/login-throttle.js';
import { Catalogue } from '../catalogue/catalogue.js';
import { DossierLookup, normalizeDossierCode, secondFactorMatches } from './dossier-lookup.js';

const data = { citizenId: '001090012345', phone: '0912 345 678', fullName: 'Nguyễn Văn An' };

describe('lookup rules', () => {
  it('normalises the code: case and spaces ignored, one format', () => {
    expect(normalizeDossierCode(' g13.atbxhn-261206-00001 ')).toBe('G13.ATBXHN-261206-00001');
    expect(normalizeDossierCode('000.00.01.g13-261127-00001')).toBe('000.00.01.G13-261127-00001');
    expect(normalizeDossierCode('G13.ATBXHN-26126-00001')).toBeNull();
    expect(normalizeDossierCode('<script>')).toBeNull();
  });

  it.each([
    ['0912345678', true],
    ['0912 345 678', true],
    ['+84 912 345 678', true],
    ['84912345678', true],
    ['2345', true],
    ['0912345679', false],
    ['5678', false], // the phone's last digits are not a factor
    ['1234', false],
    ['12345', false],
    ['', false],
    ['abcd', false],
  ])('factor %s → %s', (input, ok) => {
    expect(secondFactorMatches(data, input)).toBe(ok);
  });

  it('a dossier without phone or ID cannot be matched', () => {
    expect(secondFactorMatches({}, '0912345678')).toBe(false);
    expect(secondFactorMatches({}, '2345')).toBe(false);
  });

  it('wrong code and wrong factor answer alike; failures are limited per IP and audited', async () => {
    const audit: AuditRecord[] = [];
    const dossier = { id: 'd1', procedureKey: 'k', submittedData: data } as unknown as Dossier;
    const lookup = new DossierLookup({
      findByCode: async (code) => (code === 'G13-261206-00001' ? dossier : null),
      progressOf: async () => null,
      catalogue: new Catalogue([]),
      audit: { append: async (r: AuditRecord) => void audit.push(r) } as never,
      throttle: new LoginThrottle({ maxFailures: 3 }),
    });
    const q = { ip: '10.0.0.1', actor: null };
    expect(await lookup.lookup({ ...q, code: 'g13-261206-00001', factor: '0000' })).toEqual({
      kind: 'not-found',
    });
    expect(await lookup.lookup({ ...q, code: 'G13-261206-00002', factor: '2345' })).toEqual({
      kind: 'not-found',
    });
    expect(await lookup.lookup({ ...q, code: 'g13-261206-00001', factor: '2345' })).toMatchObject({
      kind: 'found',
      dossier,
    });
    expect(await lookup.lookup({ ...q, code: '', factor: '2345' })).toEqual({ kind: 'missing' });
    await lookup.lookup({ ...q, code: 'x', factor: '2345' });
    expect(await lookup.lookup({ ...q, code: 'g13-261206-00001', factor: '2345' })).toMatchObject({
      kind: 'throttled',
    });
    // Another address is not blocked.
    expect(
      (await lookup.lookup({ ...q, ip: '10.0.0.2', code: 'G13-261206-00001', factor: '2345' })).kind,
    ).toBe('found');
    expect(audit.map((a) => a.action)).toEqual([
      'dossier.lookup-failed',
      'dossier.lookup-failed',
      'dossier.lookup',
      'dossier.lookup-failed',
      'dossier.lookup-throttled',
      'dossier.lookup',
    ]);
    expect(JSON.stringify(audit)).not.toContain('2345');
  });
});
