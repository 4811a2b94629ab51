import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  FileStore,
  FileTooLargeError,
  openDatabase,
  safeFileName,
  safeMimeType,
  sha256Of,
  type DataSource,
} from '@motcua/db';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';

const dialects = await testDatabases();

describe('file names and media types', () => {
  it('keep only a safe base name', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\a\\Tờ khai.pdf')).toBe('Tờ khai.pdf');
    expect(safeFileName('a\u0000b\r\n.txt')).toBe('ab.txt');
    expect(safeFileName('..')).toBeNull();
    expect(safeFileName('dir/')).toBeNull();
    expect(safeFileName('x'.repeat(300))).toHaveLength(255);
  });
  it('accept a media type only as type/subtype', () => {
    expect(safeMimeType('Text/Plain; charset=UTF-8')).toBe('text/plain');
    expect(safeMimeType('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(safeMimeType('text/html\r\nX-Evil: 1')).toBe('application/octet-stream');
    expect(safeMimeType(null)).toBe('application/octet-stream');
  });
});

describe.each(dialects)('file storage on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: FileStore;
  const contentRows = async (sha: string) =>
    Number(
      (
        (await ds.query('SELECT COUNT(*) AS n FROM file_content WHERE sha256 = ?', [sha])) as { n: unknown }[]
      )[0]!.n,
    );

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    store = new FileStore(ds, { maxBytes: 3 * 1024 * 1024 });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('round-trips a file above 1 MiB byte for byte, with its sha256, size, type and safe name', async () => {
    const bytes = randomBytes(1024 * 1024 + 4321);
    const f = await store.put({ content: bytes, mimeType: 'application/pdf', originalName: '../Hồ sơ.pdf' });
    expect(f).toMatchObject({
      sha256: sha256Of(bytes),
      size: bytes.length,
      mimeType: 'application/pdf',
      originalName: 'Hồ sơ.pdf',
    });
    const read = await store.read(f.id);
    expect(read?.file).toEqual(f);
    expect(Buffer.compare(read!.content, bytes)).toBe(0);
  });

  it('stores equal content once and deletes it with its last file', async () => {
    const bytes = Buffer.from(`nội dung ${Date.now()}`, 'utf8');
    const a = await store.put({ content: bytes, originalName: 'a.txt', mimeType: 'text/plain' });
    const b = await store.put({ content: bytes, originalName: 'b.txt' });
    expect(a.id).not.toBe(b.id);
    expect(b.sha256).toBe(a.sha256);
    expect(b.mimeType).toBe('application/octet-stream');
    expect(await contentRows(a.sha256)).toBe(1);
    expect(await store.delete(a.id)).toBe(true);
    expect(await store.read(a.id)).toBeNull();
    expect((await store.read(b.id))?.content.toString('utf8')).toBe(bytes.toString('utf8'));
    expect(await contentRows(a.sha256)).toBe(1);
    expect(await store.delete(b.id)).toBe(true);
    expect(await contentRows(a.sha256)).toBe(0);
    expect(await store.delete(b.id)).toBe(false);
  });

  it('refuses a file above the limit and stores nothing', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 1);
    await expect(store.put({ content: bytes })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await contentRows(sha256Of(bytes))).toBe(0);
  });

  it('keeps a chosen id idempotent', async () => {
    const id = `fixed-${Date.now()}`;
    const first = await store.put({ id, content: Buffer.from('một') });
    const again = await store.put({ id, content: Buffer.from('hai') });
    expect(again).toEqual(first);
    expect((await store.read(id))?.content.toString()).toBe('một');
  });
});
