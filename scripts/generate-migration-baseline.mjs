#!/usr/bin/env node
// `npm run db:baseline`: regenerates db/src/migrations/baseline/baseline*.generated.ts, the schema
// every migration leaves on a new database, read back from a new SQLite file and a new MariaDB
// database (BASELINE_MYSQL_URL, a user that may create and drop databases; default the test
// server's). Run it after adding migrations to fold them into the baseline; it is never needed for
// correctness (migrations newer than the baseline run on top of it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import * as prettier from 'prettier';
import { baselineSources, generateBaseline } from '@motcua/db/baseline';

const server = new URL(process.env.BASELINE_MYSQL_URL ?? 'mysql://motcua:motcua@127.0.0.1:3306');
const database = `motcua_baseline_${process.pid}`;
const admin = () =>
  mysql.createConnection({
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username),
    password: decodeURIComponent(server.password),
  });
const onServer = async (sql) => {
  const c = await admin();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};

/** Writes the baseline's generated files (see baselineSources), formatted as the repository is. */
async function writeBaseline(baseline) {
  for (const [file, source] of Object.entries(baselineSources(baseline))) {
    const target = resolve(import.meta.dirname, '../db/src/migrations/baseline', file);
    const options = { ...(await prettier.resolveConfig(target)), filepath: target };
    writeFileSync(target, await prettier.format(source, options));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'motcua-baseline-'));
await onServer(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
try {
  const mariadb = new URL(server);
  mariadb.pathname = `/${database}`;
  const baseline = await generateBaseline({
    sqlite: `sqlite:${join(dir, 'b.sqlite')}`,
    mariadb: mariadb.toString(),
  });
  await writeBaseline(baseline);
  console.log(
    `[motcua] db/src/migrations/baseline/baseline*.generated.ts: ${baseline.migrations.length} migrations, ${baseline.tables.length} tables`,
  );
} finally {
  await onServer(`DROP DATABASE IF EXISTS \`${database}\``);
  rmSync(dir, { recursive: true, force: true });
}
