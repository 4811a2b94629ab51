/**
 * The dossiers' uploaded documents on SQLite and MariaDB: staged per owner and scope, bound to a
 * dossier all or none, replaced (the old row and its bytes kept), expired staging purged with its
 * bytes unless another file shares them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, sha256Of, type DataSource } from '@motcua/db';
import {
  DossierAttachmentStore,
  StagedAttachmentGoneError,
  type NewStagedAttachment,
} from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';

const dialects = await testDatabases();
const HOUR = 3600_000;

describe.each(dialects)('dossier attachments on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: DossierAttachmentStore;
  const now = new Date('2026-12-07T03:00:00Z');
  const file = (o: Partial<NewStagedAttachment> & { text: string }): NewStagedAttachment => ({
    ownerId: 'u1',
    scope: 'apply:p',
    slot: 0,
    documentName: 'Tờ khai',
    source: 'applicant',
    content: Buffer.from(`%PDF-1.4 ${o.text}`),
    mediaType: 'application/pdf',
    originalName: `${o.text}.pdf`,
    expiresAt: new Date(now.getTime() + HOUR),
    ...o,
  });
  const contentRows = async () =>
    Number(((await ds.query('SELECT COUNT(*) AS n FROM file_content')) as Array<{ n: unknown }>)[0]!.n);

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    store = new DossierAttachmentStore(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('stages per owner and scope, and binds all or none', async () => {
    const a = await store.stage(file({ text: 'a' }));
    const b = await store.stage(file({ text: 'b', slot: 1 }));
    const other = await store.stage(file({ text: 'c', ownerId: 'u2' }));
    expect(a).toMatchObject({
      state: 'staged',
      dossierId: null,
      sha256: sha256Of(Buffer.from('%PDF-1.4 a')),
    });
    expect((await store.listStaged('u1', 'apply:p', now)).map((x) => x.id)).toEqual([a.id, b.id]);
    // Someone else's upload in the list: nothing is bound.
    await expect(
      store.bind('d1', [a.id, other.id], { ownerId: 'u1', scope: 'apply:p', replace: false, at: now }),
    ).rejects.toBeInstanceOf(StagedAttachmentGoneError);
    expect((await store.find(a.id))?.state).toBe('staged');
    const r = await store.bind('d1', [a.id, b.id], {
      ownerId: 'u1',
      scope: 'apply:p',
      replace: false,
      at: now,
    });
    expect(r.bound.map((x) => [x.id, x.state, x.dossierId])).toEqual([
      [a.id, 'current', 'd1'],
      [b.id, 'current', 'd1'],
    ]);
    expect(r.replaced).toEqual([]);
    expect(await store.listStaged('u1', 'apply:p', now)).toEqual([]);
    // Bound once: a second bind of the same ids finds nothing staged.
    await expect(
      store.bind('d2', [a.id], { ownerId: 'u1', scope: 'apply:p', replace: false, at: now }),
    ).rejects.toBeInstanceOf(StagedAttachmentGoneError);
    expect((await store.content(a))?.toString()).toBe('%PDF-1.4 a');
  });

  it('a supplement replaces the slot’s current files and keeps them', async () => {
    const n = await store.stage(file({ text: 'new', scope: 'supplement:d1' }));
    const r = await store.bind('d1', [n.id], {
      ownerId: 'u1',
      scope: 'supplement:d1',
      replace: true,
      at: now,
    });
    expect(r.replaced.map((x) => [x.originalName, x.state, x.replacedBy])).toEqual([
      ['a.pdf', 'replaced', n.id],
    ]);
    const all = await store.listForDossier('d1');
    expect(all.map((x) => [x.originalName, x.state])).toEqual([
      ['a.pdf', 'replaced'],
      ['b.pdf', 'current'],
      ['new.pdf', 'current'],
    ]);
    expect((await store.content(all[0]!))?.toString()).toBe('%PDF-1.4 a'); // still retrievable
  });

  it('discards and purges staged uploads, never bound ones; shared bytes stay', async () => {
    const before = await contentRows();
    const mine = await store.stage(file({ text: 'gone' }));
    expect(await store.discardStaged(mine.id, 'u2')).toBeNull(); // not the owner
    expect((await store.discardStaged(mine.id, 'u1'))?.id).toBe(mine.id);
    expect(await contentRows()).toBe(before);
    // Same bytes as a bound file: purging the staged copy keeps the content.
    const dup = await store.stage(file({ text: 'b', expiresAt: new Date(now.getTime() - 1) }));
    const old = await store.stage(file({ text: 'old', expiresAt: new Date(now.getTime() - 1) }));
    expect(await store.listStaged('u1', 'apply:p', now)).toEqual([]); // expired ones are not offered
    expect(await store.purgeExpired(now)).toBeGreaterThanOrEqual(2);
    expect(await store.find(dup.id)).toBeNull();
    expect(await store.find(old.id)).toBeNull();
    expect(await contentRows()).toBe(before);
    expect((await store.listForDossier('d1')).length).toBe(3);
  });
});
