import { describe, expect, it } from '@jest/globals';
import { checkDatabaseReadiness, databaseReadinessChecks, openDatabase } from '@motcua/db';
import { testDatabases } from '@motcua/db/testing';

const dialects = await testDatabases();

describe.each(dialects)('database readiness on $dialect', (factory) => {
  it('says pending until the migrations ran, applied after, and not reachable once closed', async () => {
    const db = await factory.create();
    const ds = await openDatabase({ url: db.url, migrate: false });
    try {
      expect(await checkDatabaseReadiness(ds)).toEqual({ reachable: true, migrationsApplied: false });
      expect(await databaseReadinessChecks(ds)).toEqual({
        database: { ok: true, state: 'up' },
        migrations: { ok: false, state: 'pending' },
      });
      await ds.runMigrations({ transaction: 'each' });
      expect(await checkDatabaseReadiness(ds)).toEqual({ reachable: true, migrationsApplied: true });
    } finally {
      await ds.destroy();
    }
    expect(await databaseReadinessChecks(ds)).toEqual({
      database: { ok: false, state: 'down' },
      migrations: { ok: false, state: 'unknown' },
    });
    await db.drop();
  });
});
