/**
 * Backup and restore of a real database with data, on SQLite and on MariaDB: users with
 * Vietnamese names, an audit trail, a stored file with every byte value, queued notifications and
 * the data directory's files; backed up while open, restored into a fresh database and folder, and
 * compared table by table, row by row.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore, openDatabase, type DataSource } from '@motcua/db';
import { backupInstallation, readBackup, restoreInstallation } from '@motcua/db/backup';
import { createPortalStores, NotificationOutboxStore } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';

const dialects = await testDatabases();

/** Every table's rows, each as canonical JSON (bytes as hex, dates as ISO), sorted. */
async function snapshot(ds: DataSource): Promise<Record<string, string[]>> {
  const tables: { name: string }[] =
    ds.options.type === 'mysql'
      ? await ds.query(
          'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
        )
      : await ds.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  const out: Record<string, string[]> = {};
  const q = ds.options.type === 'mysql' ? '`' : '"';
  for (const { name } of tables) {
    const rows: Record<string, unknown>[] = await ds.query(`SELECT * FROM ${q}${name}${q}`);
    out[name] = rows
      .map((r) =>
        JSON.stringify(
          Object.keys(r)
            .sort()
            .map((k) => {
              const v = r[k];
              return [k, Buffer.isBuffer(v) ? v.toString('hex') : v instanceof Date ? v.toISOString() : v];
            }),
        ),
      )
      .sort();
  }
  return out;
}

describe.each(dialects)('backup and restore on $dialect', (factory) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  const database = async (): Promise<TestDatabase> => {
    const db = await factory.create();
    cleanup.push(() => db.drop());
    return db;
  };
  /** On SQLite the database lives in the data directory, as under `npm start`. */
  const urlIn = (db: TestDatabase, dataDir: string) =>
    db.dialect === 'sqlite' ? `sqlite:${join(dataDir, 'motcua.sqlite')}` : db.url;

  it('restores into a fresh database and folder exactly what was there, and refuses to overwrite', async () => {
    const sourceDir = tempDir('motcua-backup-src-');
    const source = urlIn(await database(), sourceDir);
    const ds = await openDatabase({ url: source });
    const stores = createPortalStores(ds);
    await stores.users.upsert({
      id: 'u-1',
      username: 'nguyenvana',
      displayName: 'Nguyễn Văn Ấn — Sở Khoa học và Công nghệ',
      passwordHash: 'scrypt$hash',
      role: 'officer',
      groups: ['mot-cua', 'tham-dinh'],
    });
    for (let i = 0; i < 25; i++)
      await stores.audit.append({
        actor: 'u-1',
        action: 'dossier.decided',
        target: `G13.45-261207-${i}`,
        detail: { lý_do: 'Đủ điều kiện' },
      });
    const everyByte = Buffer.from(Array.from({ length: 256 * 40 }, (_, i) => i % 256));
    const stored = await new FileStore(ds).put({
      content: everyByte,
      mimeType: 'application/pdf',
      originalName: 'Kết quả đã ký.pdf',
    });
    const outbox = new NotificationOutboxStore(ds);
    await outbox.queue({
      idempotencyKey: 'k-1',
      eventKey: 'e-1',
      kind: 'received',
      channel: 'email',
      recipientUserId: 'u-1',
      recipient: 'an@example.vn',
      payload: { text: 'Hồ sơ đã được tiếp nhận' },
    });
    mkdirSync(join(sourceDir, 'sso'), { recursive: true });
    writeFileSync(join(sourceDir, 'sso', 'jwks.json'), '{"keys":[]}');
    writeFileSync(join(sourceDir, 'demo-password.txt'), 'mat-khau');
    const before = await snapshot(ds);

    // Taken while the source stays open (as on a running platform).
    const backupDir = join(tempDir('motcua-backup-out-'), 'backup-1');
    const manifest = await backupInstallation({ dbUrl: source, dataDir: sourceDir, outDir: backupDir });
    await ds.destroy();
    expect(manifest.database.kind).toBe(factory.dialect === 'sqlite' ? 'sqlite' : 'mysql');
    expect(manifest.database.migrations.length).toBeGreaterThan(10);
    // The live SQLite file is not among the files: database.sqlite is its consistent copy.
    expect(manifest.files).toEqual({ count: 2, bytes: '{"keys":[]}'.length + 'mat-khau'.length });

    const targetDir = join(tempDir('motcua-backup-dst-'), 'data');
    const target = urlIn(await database(), targetDir);
    await restoreInstallation({ backupDir, dbUrl: target, dataDir: targetDir });
    const restored = await openDatabase({ url: target, migrate: false });
    try {
      const after = await snapshot(restored);
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      for (const table of Object.keys(before)) expect([table, after[table]]).toEqual([table, before[table]]);
      expect(before['audit_entry']).toHaveLength(25);
      const file = await new FileStore(restored).read(stored.id);
      expect(file!.content.equals(everyByte)).toBe(true);
      expect((await createPortalStores(restored).users.findByUsername('nguyenvana'))?.displayName).toBe(
        'Nguyễn Văn Ấn — Sở Khoa học và Công nghệ',
      );
    } finally {
      await restored.destroy();
    }
    expect(readFileSync(join(targetDir, 'sso', 'jwks.json'), 'utf8')).toBe('{"keys":[]}');

    // A second restore over it is refused unless asked to replace; a damaged backup is recognised.
    await expect(restoreInstallation({ backupDir, dbUrl: target, dataDir: targetDir })).rejects.toThrow(
      /--replace|empty/,
    );
    await restoreInstallation({ backupDir, dbUrl: target, dataDir: targetDir, replace: true });
    writeFileSync(join(backupDir, manifest.database.file), 'damaged', { flag: 'a' });
    await expect(readBackup(backupDir)).rejects.toThrow(/damaged/);
  });
});
