import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  MYSQL_MAX_PREPARED_STATEMENTS,
  openDatabase,
  parseDbUrl,
  redactDbUrl,
  SQLITE_CACHE_KIB,
  type DataSource,
} from '@motcua/db';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';

const dialects = await testDatabases();

describe('DB_URL parsing', () => {
  it('reads sqlite and mysql URLs and hides passwords', () => {
    expect(parseDbUrl('sqlite:./data/motcua.sqlite')).toEqual({
      kind: 'sqlite',
      path: './data/motcua.sqlite',
    });
    expect(parseDbUrl('mysql://u:p%40ss@db:3307/motcua')).toEqual({
      kind: 'mysql',
      host: 'db',
      port: 3307,
      user: 'u',
      password: 'p@ss',
      database: 'motcua',
    });
    expect(redactDbUrl('mysql://u:secret@db/x')).toBe('mysql://u:***@db/x');
    expect(() => parseDbUrl('postgres://x/y')).toThrow(/neither sqlite/);
    expect(() => parseDbUrl('mysql://u:p@h:3306/')).toThrow(/names no database/);
  });
});

describe.each(dialects)('openDatabase on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('applies every migration and records it', async () => {
    expect(await ds.showMigrations()).toBe(false); // nothing pending
    const applied = await ds.query('SELECT name FROM motcua_migrations');
    expect(applied.length).toBe(ds.migrations.length);
  });

  it('runs with the isolation and durability settings the engine relies on', async () => {
    if (factory.dialect === 'sqlite') {
      const [mode] = await ds.query('PRAGMA journal_mode');
      expect(String(mode.journal_mode).toLowerCase()).toBe('wal');
      const [sync] = await ds.query('PRAGMA synchronous');
      expect(sync.synchronous).toBe(2); // FULL
      // SQLite's own 2 MiB page cache, not better-sqlite3's 16 MiB (resident memory).
      const [cache] = await ds.query('PRAGMA cache_size');
      expect(cache.cache_size).toBe(-SQLITE_CACHE_KIB);
    } else {
      // Every pooled connection, not just the first, must be READ COMMITTED.
      const levels = await Promise.all(
        Array.from({ length: 4 }, () =>
          ds.transaction(async (m) => (await m.query('SELECT @@tx_isolation AS l'))[0].l as string),
        ),
      );
      expect(new Set(levels)).toEqual(new Set(['READ-COMMITTED']));
    }
  });

  // MySQL only, so registered only there (CI allows no skipped test).
  if (factory.dialect !== 'sqlite')
    it('keeps a small prepared-statement cache per MySQL connection (memory)', async () => {
      // mysql2 allocates the whole cache when it opens a connection: 16 000 entries without the option.
      const runner = ds.createQueryRunner();
      try {
        const connection = (await runner.connect()) as { config: { maxPreparedStatements: number } };
        expect(connection.config.maxPreparedStatements).toBe(MYSQL_MAX_PREPARED_STATEMENTS);
        expect(MYSQL_MAX_PREPARED_STATEMENTS).toBeLessThan(16000);
      } finally {
        await runner.release();
      }
    });

  it('a second open finds nothing to migrate', async () => {
    const again = await openDatabase({ url: db.url });
    expect(await again.showMigrations()).toBe(false);
    await again.destroy();
  });
});
