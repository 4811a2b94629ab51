// A benchmark's data is built once per size and reused: SQLite files under bench/.cache/, and on
// MySQL/MariaDB a database per size that a `bench_built` table marks as complete (a build that
// died halfway is dropped and built again).
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';

const cacheDir = join(dirname(fileURLToPath(import.meta.url)), '.cache');

/**
 * The database of `kind` ('sqlite' or 'mariadb') named `name`, built by `build(url)` unless a
 * complete one exists; returns its URL and whether it was built now.
 */
export async function cachedDatabase(kind, name, build) {
  if (kind === 'sqlite') {
    mkdirSync(cacheDir, { recursive: true });
    const file = join(cacheDir, `${name}.sqlite`);
    if (existsSync(file)) return { url: `sqlite:${file}`, built: false };
    const building = join(cacheDir, `${name}.building.sqlite`);
    for (const f of [building, `${building}-wal`, `${building}-shm`]) rmSync(f, { force: true });
    await build(`sqlite:${building}`);
    renameSync(building, file);
    return { url: `sqlite:${file}`, built: true };
  }
  const base = new URL(process.env.BENCH_MYSQL_URL ?? 'mysql://motcua:motcua@127.0.0.1:3306/motcua_bench');
  const database = `${base.pathname.slice(1)}_${name}`;
  const admin = await mysql.createConnection({
    host: base.hostname,
    port: Number(base.port || 3306),
    user: decodeURIComponent(base.username),
    password: decodeURIComponent(base.password),
  });
  const url = `mysql://${base.username}:${base.password}@${base.host}/${database}`;
  try {
    const [rows] = await admin.query(
      'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
      [database, 'bench_built'],
    );
    if (rows[0].n > 0) return { url, built: false };
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  await build(url);
  const marker = await mysql.createConnection(url);
  await marker.query('CREATE TABLE bench_built (at DATETIME)');
  await marker.end();
  return { url, built: true };
}
