/** `npm run users:citizen-id`: an administrator links an officer to the citizen ID of the ministry's IdP. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { openDatabase, type DataSource } from '@motcua/db';
import { AuditStore, createPortalStores, SsoStore } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { runCitizenIdCommand } from '../src/sso/citizen-id-cli.js';

const [sqlite] = await testDatabases();

describe('citizen ID CLI', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const ids: Record<string, string> = { canbo: randomUUID(), canbo2: randomUUID() };
  beforeAll(async () => {
    db = await sqlite!.create();
    ds = await openDatabase({ url: db.url });
    for (const username of ['canbo', 'canbo2'])
      await createPortalStores(ds).users.upsert({
        id: ids[username]!,
        username,
        displayName: 'Cán bộ',
        passwordHash: 'x',
        role: 'officer',
        groups: ['mot-cua'],
      });
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('links an account to a citizen ID, re-links it, and audits both', async () => {
    const opts = { dbUrl: db.url, actor: 'cli:root' };
    expect(await runCitizenIdCommand(['canbo', '001080000010'], opts)).toEqual({
      ok: true,
      message: 'Tài khoản "canbo" (officer) liên kết với số định danh 001080000010.',
    });
    expect(await new SsoStore(ds).userIdByCitizenId('001080000010')).toBe(ids.canbo);
    expect((await runCitizenIdCommand(['canbo', '001080000012'], opts)).ok).toBe(true);
    expect(await new SsoStore(ds).userIdByCitizenId('001080000010')).toBeNull();
    expect(await new SsoStore(ds).citizenIdOf(ids.canbo!)).toBe('001080000012');
    const entries = await new AuditStore(ds).list({ action: 'user.citizen-id-linked' });
    expect(entries.map((e) => e.detail)).toEqual(
      expect.arrayContaining([
        { before: null, after: '001080000010' },
        { before: '001080000010', after: '001080000012' },
      ]),
    );
  });

  it('refuses a citizen ID held by another account, a malformed one, an unknown account and bad usage', async () => {
    const opts = { dbUrl: db.url, actor: 'cli:root' };
    const taken = await runCitizenIdCommand(['canbo2', '001080000012'], opts);
    expect(taken).toEqual({
      ok: false,
      message: 'Số định danh 001080000012 đã liên kết với một tài khoản khác.',
    });
    expect(await new SsoStore(ds).citizenIdOf(ids.canbo2!)).toBeNull();
    expect((await runCitizenIdCommand(['canbo2', '12ab'], opts)).message).toMatch(/không hợp lệ/);
    expect((await runCitizenIdCommand(['ai-do', '001080000013'], opts)).message).toBe(
      'Không có tài khoản "ai-do".',
    );
    expect((await runCitizenIdCommand(['canbo2'], opts)).message).toMatch(/Cách dùng/);
  });
});
