import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createDataSource, openDatabase, type DataSource } from '@motcua/db';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { BASELINE } from '../src/migrations/baseline/baseline.generated.js';
import { foreignKeyWaves } from '../src/migrations/baseline/apply-baseline.js';
import { migrateAndDump, recordedMigrations } from '../src/migrations/baseline/generate-baseline.js';
import { migrateDatabase } from '../src/migrations/migrate-database.js';
import { dumpSchema, type SchemaDump } from '../src/migrations/baseline/schema-dump.js';

// The baseline schema (db/src/migrations/baseline) against the migrations it stands for, on each
// dialect: three new databases — one migrated one by one up to where the baseline stops, then
// fully; one given the baseline (and any later migration on top); one migrated the old way and
// then opened as every start opens it; and a migration newer than the baseline (this suite's
// own) applied on top of both. The schema is compared as the database itself describes
// it: MariaDB's SHOW CREATE TABLE (columns with type, nullability, default; indexes; foreign
// keys) and SQLite's stored CREATE statements, plus the seeded rows and the migrations table.

const dialects = await testDatabases();
const covered = BASELINE.migrations.map((m) => m.name);

/** A migration newer than any the baseline covers (this suite's own; never in allMigrations). */
class LaterUnitColumn1765440000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'unit',
      new TableColumn({ name: 'short_name', type: 'varchar', length: '40', isNullable: true }),
    );
    await q.createIndex('unit', new TableIndex({ name: 'idx_unit_short_name', columnNames: ['short_name'] }));
  }
  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('unit', 'idx_unit_short_name');
    await q.dropColumn('unit', 'short_name');
  }
}

/** Opens a migrated database as a build with one more migration would, and applies it. */
async function applyLater(url: string): Promise<DataSource> {
  const ds = createDataSource({ url });
  ds.setOptions({ migrations: [...(ds.options.migrations as never[]), LaterUnitColumn1765440000000] });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

describe.each(dialects)('the migration baseline on $dialect', (factory) => {
  const databases: TestDatabase[] = [];
  const sources: DataSource[] = [];
  const newDatabase = async () => {
    const db = await factory.create();
    databases.push(db);
    return db;
  };
  const keep = (ds: DataSource) => {
    sources.push(ds);
    return ds;
  };
  const ofDialect = (): SchemaDump => (factory.dialect === 'sqlite' ? BASELINE.sqlite : BASELINE.mysql);

  let sequential: { db: TestDatabase; upToBaseline: SchemaDump; full: SchemaDump; ds: DataSource };
  let fromBaseline: { ds: DataSource; full: SchemaDump; url: string };

  beforeAll(async () => {
    const db = await newDatabase();
    const since = new Date();
    const partial = await migrateAndDump(db.url, { only: covered });
    await partial.ds.destroy();
    const full = await migrateAndDump(db.url, { since });
    keep(full.ds);
    sequential = { db, upToBaseline: partial.dump, full: full.dump, ds: full.ds };

    const fresh = await newDatabase();
    const from = new Date();
    const ds = keep(await openDatabase({ url: fresh.url }));
    fromBaseline = { ds, full: await dumpSchema(ds, { from, to: new Date() }), url: fresh.url };
  }, 300_000);

  afterAll(async () => {
    for (const ds of sources) if (ds.isInitialized) await ds.destroy();
    for (const db of databases) await db.drop();
  });

  it('is what the covered migrations generate (regenerate with npm run db:baseline)', () => {
    expect(sequential.upToBaseline.ddl.length).toBeGreaterThan(50);
    expect(ofDialect()).toEqual(sequential.upToBaseline);
  });

  it('gives the same schema and seeded rows as the migrations one by one, later migrations included', () => {
    expect(fromBaseline.full.ddl).toEqual(sequential.full.ddl);
    expect(fromBaseline.full.rows).toEqual(sequential.full.rows);
  });

  it('records the covered migrations as applied, in order, and leaves none pending', async () => {
    const recorded = await recordedMigrations(fromBaseline.ds);
    expect(recorded).toEqual(await recordedMigrations(sequential.ds));
    expect(recorded.slice(0, covered.length).map((m) => m.name)).toEqual(covered);
    expect(await fromBaseline.ds.showMigrations()).toBe(false);
  });

  it('leaves a database migrated the old way as it is, and it keeps working', async () => {
    const before = await recordedMigrations(sequential.ds);
    const ds = keep(await openDatabase({ url: sequential.db.url }));
    expect(await recordedMigrations(ds)).toEqual(before);
    expect((await dumpSchema(ds)).ddl).toEqual(sequential.full.ddl);
    await ds.query(
      "INSERT INTO unit (code, name_vi, parent_code, active, created_at) VALUES ('T1', 'Thử', NULL, 1, '2026-01-02 03:04:05')",
    );
    expect(await ds.query("SELECT name_vi FROM unit WHERE code = 'T1'")).toEqual([{ name_vi: 'Thử' }]);
    await ds.query("DELETE FROM unit WHERE code = 'T1'");
  });

  it('is applied once when two starts open the same new database together', async () => {
    const db = await newDatabase();
    const [a, b] = await Promise.all([openDatabase({ url: db.url }), openDatabase({ url: db.url })]);
    keep(a);
    keep(b);
    expect(await recordedMigrations(a)).toEqual(await recordedMigrations(sequential.ds));
    expect((await dumpSchema(a)).ddl).toEqual(sequential.full.ddl);
  }, 120_000);

  it('runs a pending migration once when two starts open the database together', async () => {
    // Two starts of a build with one more migration than the database has: without the lock on
    // MariaDB both ran it, and the second failed on the column the first had just added.
    const db = await newDatabase();
    await (await openDatabase({ url: db.url })).destroy();
    const starts = [createDataSource({ url: db.url }), createDataSource({ url: db.url })].map((ds) => {
      ds.setOptions({ migrations: [...(ds.options.migrations as never[]), LaterUnitColumn1765440000000] });
      return keep(ds);
    });
    await Promise.all(starts.map((ds) => ds.initialize()));
    await Promise.all(starts.map((ds) => migrateDatabase(ds)));
    for (const ds of starts) expect(await ds.showMigrations()).toBe(false);
    const recorded = await recordedMigrations(starts[0]!);
    expect(recorded.filter((m) => m.name === LaterUnitColumn1765440000000.name)).toHaveLength(1);
    expect((await dumpSchema(starts[1]!)).ddl.join('\n')).toMatch(/idx_unit_short_name/);
  }, 120_000);

  it('takes a migration newer than the baseline on top, as the migrations one by one do', async () => {
    const withBaseline = keep(await applyLater(fromBaseline.url));
    const oneByOne = keep(await applyLater(sequential.db.url));
    const [a, b] = [await dumpSchema(withBaseline), await dumpSchema(oneByOne)];
    expect(a.ddl.join('\n')).toMatch(/idx_unit_short_name/);
    expect(a.ddl).toEqual(b.ddl);
    expect(await recordedMigrations(withBaseline)).toEqual(await recordedMigrations(oneByOne));
    const units = (rows: SchemaDump['rows']) => rows.find((r) => r.table === 'unit')!.rows.length;
    expect(units(a.rows)).toBeGreaterThan(0);
    expect(units(a.rows)).toBe(units(b.rows));
  }, 300_000);
});

describe('foreign-key waves', () => {
  it('creates a referenced table in an earlier wave than the tables naming it', () => {
    const child = 'CREATE TABLE `c` (\n  CONSTRAINT `f` FOREIGN KEY (`p_id`) REFERENCES `p` (`id`)\n)';
    const parent = 'CREATE TABLE `p` (\n  `id` int\n)';
    const self = 'CREATE TABLE `s` (\n  CONSTRAINT `g` FOREIGN KEY (`s_id`) REFERENCES `s` (`id`)\n)';
    expect(foreignKeyWaves([child, parent, self])).toEqual([[parent, self], [child]]);
    const cycle = 'CREATE TABLE `p` (\n  CONSTRAINT `h` FOREIGN KEY (`c_id`) REFERENCES `c` (`id`)\n)';
    expect(() => foreignKeyWaves([child, cycle])).toThrow(/cycle/);
  });
});
