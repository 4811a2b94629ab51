/** `npm run users -- grant-role`: an administrator grants the designer role to an officer, audited. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { openDatabase, type DataSource } from '@motcua/db';
import { AuditStore, createPortalStores } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { runUsersCommand } from '../src/admin/users-cli.js';

const [sqlite] = await testDatabases();

describe('users CLI', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await sqlite!.create();
    ds = await openDatabase({ url: db.url });
    await createPortalStores(ds).users.upsert({
      id: randomUUID(),
      username: 'canbo',
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

  it('grants designer to an officer and writes an audit entry', async () => {
    const r = await runUsersCommand(['grant-role', 'canbo', 'designer'], {
      dbUrl: db.url,
      actor: 'cli:root',
    });
    expect(r).toEqual({ ok: true, message: 'Tài khoản "canbo": vai trò officer → designer.' });
    expect((await createPortalStores(ds).users.findByUsername('canbo'))!.role).toBe('designer');
    const [entry] = await new AuditStore(ds).list({ action: 'user.role-granted' });
    expect(entry).toMatchObject({
      actor: 'cli:root',
      target: 'canbo',
      detail: { from: 'officer', to: 'designer' },
    });
  });

  it('refuses an unknown role, an unknown account and a wrong command', async () => {
    expect((await runUsersCommand(['grant-role', 'canbo', 'vua'], { dbUrl: db.url, actor: 'a' })).ok).toBe(
      false,
    );
    const missing = await runUsersCommand(['grant-role', 'ai-do', 'designer'], { dbUrl: db.url, actor: 'a' });
    expect(missing).toEqual({ ok: false, message: 'Không có tài khoản "ai-do".' });
    expect((await runUsersCommand(['xoa'], { dbUrl: db.url, actor: 'a' })).message).toMatch(/Cách dùng/);
  });
});
