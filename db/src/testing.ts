/**
 * Test support: one fresh database per test file, on every dialect the machine offers.
 * SQLite always; MariaDB/MySQL when DB_URL_MYSQL points at a server (CI installs one).
 * Outside CI a missing server is reported loudly and its suites are skipped; under CI=true it fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { Logger } from 'typeorm';
import { parseDbUrl } from './db-url.js';

export interface TestDatabase {
  dialect: 'sqlite' | 'mariadb';
  /** DB_URL of a new, empty database. */
  url: string;
  /** Drops the database (MySQL) or deletes the file (SQLite). */
  drop(): Promise<void>;
}

export type TestDatabaseFactory = { dialect: 'sqlite' | 'mariadb'; create(): Promise<TestDatabase> };

export const DEFAULT_TEST_MYSQL_URL = 'mysql://motcua:motcua@127.0.0.1:3306/motcua_test';

const sqliteFactory: TestDatabaseFactory = {
  dialect: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-test-'));
    return {
      dialect: 'sqlite',
      url: `sqlite:${join(dir, 'test.sqlite')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

function mysqlFactory(baseUrl: string): TestDatabaseFactory {
  const t = parseDbUrl(baseUrl);
  if (t.kind !== 'mysql') throw new Error('DB_URL_MYSQL must be a mysql:// URL');
  const admin = () =>
    mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password });
  return {
    dialect: 'mariadb',
    async create() {
      const name = `${t.database}_${randomBytes(4).toString('hex')}`;
      const conn = await admin();
      await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await conn.end();
      const url = `mysql://${encodeURIComponent(t.user)}:${encodeURIComponent(t.password)}@${t.host}:${t.port}/${name}`;
      return {
        dialect: 'mariadb',
        url,
        drop: async () => {
          const c = await admin();
          await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
          await c.end();
        },
      };
    },
  };
}

async function mysqlReachable(url: string): Promise<string | null> {
  const t = parseDbUrl(url);
  if (t.kind !== 'mysql') return 'not a mysql:// URL';
  try {
    const c = await mysql.createConnection({
      host: t.host,
      port: t.port,
      user: t.user,
      password: t.password,
      connectTimeout: 2000,
    });
    await c.end();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * The database dialects to run an integration suite on. Use with top-level await:
 *   const dialects = await testDatabases();
 *   describe.each(dialects)('…on $dialect', (factory) => { … });
 */
export async function testDatabases(): Promise<TestDatabaseFactory[]> {
  const url = process.env.DB_URL_MYSQL ?? DEFAULT_TEST_MYSQL_URL;
  const problem = await mysqlReachable(url);
  if (problem === null) return [sqliteFactory, mysqlFactory(url)];
  const msg = `MariaDB/MySQL is not reachable at ${url.replace(/:[^:@/]*@/, ':***@')} (${problem})`;
  if (process.env.CI === 'true') throw new Error(`${msg}: under CI=true no suite may skip.`);
  process.stderr.write(`\n*** SKIPPING MariaDB suites: ${msg}. Set DB_URL_MYSQL or start MariaDB. ***\n\n`);
  return [sqliteFactory];
}

/**
 * A TypeORM logger that hands the text of every query a DataSource sends to `onQuery` and drops
 * everything else: for tests that watch the statements a store sends (`ds.setOptions({ logger })`).
 */
export function watchingLogger(onQuery: (sql: string) => void): Logger {
  const noop = () => undefined;
  return {
    logQuery: (sql: string) => onQuery(sql),
    logQueryError: noop,
    logQuerySlow: noop,
    logSchemaBuild: noop,
    logMigration: noop,
    log: noop,
  };
}
