/**
 * Which account an identity provider's answer signs in (SsoAccountsService), on a real database:
 * the citizen ID claim's shape, a configured claim name, a locked account, and that no claim of
 * the provider ever sets a role or a group.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { openDatabase, type DataSource } from '@motcua/db';
import { createPortalStores, SsoStore, type PortalStores } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { SsoAccountRefusedError, SsoAccountsService } from '../src/sso/sso-accounts.service.js';

const [sqlite] = await testDatabases();

describe('SSO account linking', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let stores: PortalStores;
  let sso: SsoStore;
  let service: SsoAccountsService;
  const opts = { idClaim: 'so_dinh_danh', ip: '127.0.0.1' };

  beforeAll(async () => {
    db = await sqlite!.create();
    ds = await openDatabase({ url: db.url });
    stores = createPortalStores(ds);
    sso = new SsoStore(ds);
    service = new SsoAccountsService({ users: stores.users, sso, audit: stores.audit });
    const officerId = randomUUID();
    await stores.users.upsert({
      id: officerId,
      username: 'canbo',
      displayName: 'Lê Minh Cường',
      passwordHash: 'x',
      role: 'officer',
      groups: ['mot-cua'],
    });
    await sso.linkCitizenId(officerId, '001080000010');
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const refusal = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      if (err instanceof SsoAccountRefusedError) return err.reason;
      throw err;
    }
    return 'accepted';
  };

  it.each([
    [{}, 'no-citizen-id'],
    [{ so_dinh_danh: '' }, 'no-citizen-id'],
    [{ so_dinh_danh: '12345' }, 'no-citizen-id'],
    [{ so_dinh_danh: '00109000000A' }, 'no-citizen-id'],
    [{ so_dinh_danh: ['001090000001'] }, 'no-citizen-id'],
  ])('refuses the claims %j (%s)', async (claims, reason) => {
    expect(await refusal(service.accountFor('citizen', claims, opts))).toBe(reason);
  });

  it('accepts a 9-digit old ID and a number, under a configured claim name', async () => {
    const a = await service.accountFor(
      'citizen',
      { cccd: '012345678', name: 'Ngô Văn Tám' },
      { ...opts, idClaim: 'cccd' },
    );
    expect(a).toMatchObject({ username: 'vneid-012345678', role: 'applicant', displayName: 'Ngô Văn Tám' });
    const b = await service.accountFor('citizen', { so_dinh_danh: 1090000777 * 100 }, opts);
    expect(b.username).toBe('vneid-109000077700');
  });

  it('never takes a role or a group from the claims', async () => {
    const claims = { so_dinh_danh: '001090000555', name: 'Lý Thị Na', role: 'admin', groups: ['lanh-dao'] };
    const created = await service.accountFor('citizen', claims, opts);
    expect(created).toMatchObject({ role: 'applicant', groups: [] });
    const officer = await service.accountFor(
      'officer',
      { so_dinh_danh: '001080000010', role: 'applicant', groups: [] },
      opts,
    );
    expect(officer).toMatchObject({ username: 'canbo', role: 'officer', groups: ['mot-cua'] });
  });

  it('refuses a locked account at either door', async () => {
    await ds.query(`UPDATE portal_user SET active = ? WHERE username = ?`, [false, 'canbo']);
    expect(await refusal(service.accountFor('officer', { so_dinh_danh: '001080000010' }, opts))).toBe(
      'inactive',
    );
    expect(await refusal(service.accountFor('citizen', { so_dinh_danh: '001080000010' }, opts))).toBe(
      'inactive',
    );
  });
});
