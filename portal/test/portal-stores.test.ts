import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { openDatabase, type DataSource } from '@motcua/db';
import { createPortalStores, type PortalStores } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';

const dialects = await testDatabases();

describe.each(dialects)('portal stores on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let stores: PortalStores;

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    stores = createPortalStores(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps users with their groups and Vietnamese names', async () => {
    await stores.users.upsert({
      id: randomUUID(),
      username: 'CanBo',
      displayName: 'Lê Minh Cường',
      passwordHash: 'x',
      role: 'officer',
      groups: ['mot-cua', 'chuyen-vien'],
    });
    await stores.users.upsert({
      id: randomUUID(),
      username: 'canbo',
      displayName: 'Lê Minh Cường',
      passwordHash: 'y',
      role: 'officer',
      groups: ['mot-cua'],
    });
    const u = await stores.users.findByUsername('canbo');
    expect(u).toMatchObject({
      username: 'canbo',
      displayName: 'Lê Minh Cường',
      passwordHash: 'y',
      groups: ['mot-cua'],
    });
  });

  it('walks a dossier from starting to started, caches progress without moving the data’s revision, and marks failures', async () => {
    const user = (await stores.users.findByUsername('canbo'))!;
    const id = randomUUID();
    await stores.dossiers.insertStarting({
      id,
      procedureKey: 'p',
      procedureCode: '1.009846',
      applicantId: user.id,
      channel: 2,
      submittedAt: new Date(),
      submittedData: { fullName: 'Nguyễn Văn An' },
    });
    await stores.dossiers.markStarted(id, 'pi-1', 1);
    const started = (await stores.dossiers.findById(id))!.rev;
    await stores.dossiers.recordProgress(id, { dossierCode: 'G13-261127-00001', statusCode: 4 });
    const d = (await stores.dossiers.findById(id))!;
    expect(d).toMatchObject({
      engineState: 'started',
      processInstanceId: 'pi-1',
      dossierCode: 'G13-261127-00001',
      statusCode: 4,
      submittedData: { fullName: 'Nguyễn Văn An' },
    });
    // The engine's state is a cache: it leaves the revision that guards the submitted data alone.
    expect(d.rev).toBe(started);
    expect(await stores.dossiers.replaceSubmittedData(id, started, { fullName: 'Nguyễn Văn Ân' })).toBe(true);
    expect((await stores.dossiers.findByCode('G13-261127-00001'))?.id).toBe(id);

    const failed = randomUUID();
    await stores.dossiers.insertStarting({
      id: failed,
      procedureKey: 'p',
      procedureCode: '1.009846',
      applicantId: user.id,
      channel: 2,
      submittedAt: new Date(),
      submittedData: {},
    });
    await stores.dossiers.markStartFailed(failed);
    await stores.dossiers.markStarted(failed, 'pi-late', 1); // only a `starting` row may become started
    expect(await stores.dossiers.findById(failed)).toMatchObject({
      engineState: 'start-failed',
      processInstanceId: null,
    });
  });

  it('expires sessions by idle and absolute time', async () => {
    const user = (await stores.users.findByUsername('canbo'))!;
    const old = new Date(Date.now() - 13 * 3600_000);
    await stores.sessions.insert({
      tokenHash: 'a'.repeat(64),
      userId: user.id,
      csrfToken: 't',
      createdAt: old,
      lastSeenAt: new Date(),
      ip: null,
    });
    await stores.sessions.insert({
      tokenHash: 'b'.repeat(64),
      userId: user.id,
      csrfToken: 't',
      createdAt: new Date(),
      lastSeenAt: new Date(),
      ip: null,
    });
    await stores.sessions.purgeExpired(
      new Date(Date.now() - 30 * 60_000),
      new Date(Date.now() - 12 * 3600_000),
    );
    expect(await stores.sessions.find('a'.repeat(64))).toBeNull();
    expect(await stores.sessions.find('b'.repeat(64))).not.toBeNull();
  });

  it('appends audit entries and reads them back newest first', async () => {
    await stores.audit.append({ actor: 'u1', action: 'login.success', target: 'canbo', ip: '127.0.0.1' });
    await stores.audit.append({
      actor: 'u1',
      action: 'task.complete',
      target: 'task:1',
      detail: { approved: true },
    });
    const entries = await stores.audit.list({ actions: ['login.success', 'task.complete'] });
    expect(entries.map((e) => e.action)).toEqual(['task.complete', 'login.success']);
    expect(entries[0]!.detail).toEqual({ approved: true });
  });
});
