import { createHash } from 'node:crypto';
import {
  cpSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { openDatabase } from '../data-source.js';
import { parseDbUrl, redactDbUrl, type DbTarget } from '../db-url.js';
import { dumpMysql, loadMysqlDump } from './mysql-client.js';

/**
 * Backup and restore of one installation: the database (dossiers, engine state, history, the
 * uploaded files and signed results, which live in the database) and the data directory (the
 * SQLite file's folder: sign-on keys, the demo password, generated reports, a development signing
 * token). A backup is a folder: `database.sqlite` or `database.sql`, `files/` and `manifest.json`
 * with the checksum and the migrations the database had.
 */
export const BACKUP_FORMAT = 'motcua-backup/1';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  database: {
    kind: 'sqlite' | 'mysql';
    file: 'database.sqlite' | 'database.sql';
    sha256: string;
    bytes: number;
    /** `motcua_migrations` at backup time, oldest first: a restore checks it got the same. */
    migrations: string[];
  };
  /** The data directory's files (without the SQLite database, which is `database.sqlite`). */
  files: { count: number; bytes: number } | null;
}

export interface BackupOptions {
  dbUrl: string;
  /** The data directory to keep (optional: a MySQL installation may have none worth keeping). */
  dataDir?: string | undefined;
  /** A new or empty folder; created 0700. */
  outDir: string;
}

export interface RestoreOptions {
  backupDir: string;
  /** Where to restore: an empty MySQL database or a SQLite path with no file yet. */
  dbUrl: string;
  /** Where the backup's files go (an empty or missing folder). */
  dataDir?: string | undefined;
  /** Replace what is there (tables of the target database, the SQLite file, files of the data directory). */
  replace?: boolean;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every file under `dir` (relative paths), for counting. */
function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** The SQLite database and its companions (-wal, -shm, -journal), which the files copy leaves out. */
function sqliteFiles(target: DbTarget): string[] {
  if (target.kind !== 'sqlite') return [];
  const main = resolve(target.path);
  return [main, `${main}-wal`, `${main}-shm`, `${main}-journal`];
}

async function migrationsOf(dbUrl: string): Promise<string[]> {
  const ds = await openDatabase({ url: dbUrl, migrate: false });
  try {
    const rows: { name: string }[] = await ds.query('SELECT name FROM motcua_migrations ORDER BY id');
    return rows.map((r) => r.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * Backs up a running installation. SQLite: `VACUUM INTO`, a consistent copy taken inside one read
 * transaction while the engine, workers and portal keep writing (WAL). MySQL/MariaDB:
 * `mariadb-dump --single-transaction` (one snapshot, writers not blocked).
 */
export async function backupInstallation(o: BackupOptions): Promise<BackupManifest> {
  const target = parseDbUrl(o.dbUrl);
  if (target.kind === 'sqlite' && !existsSync(target.path))
    throw new Error(`${target.path} does not exist: nothing to back up (check DB_URL and DATA_DIR)`);
  if (existsSync(o.outDir) && readdirSync(o.outDir).length > 0)
    throw new Error(`${o.outDir} is not empty: a backup goes into a new folder`);
  mkdirSync(o.outDir, { recursive: true, mode: 0o700 });
  const migrations = await migrationsOf(o.dbUrl);

  let dbFile: BackupManifest['database']['file'];
  if (target.kind === 'sqlite') {
    if (target.path === ':memory:') throw new Error('an in-memory database cannot be backed up');
    dbFile = 'database.sqlite';
    const ds = await openDatabase({ url: o.dbUrl, migrate: false });
    try {
      await ds.query('VACUUM INTO ?', [resolve(o.outDir, dbFile)]);
    } finally {
      await ds.destroy();
    }
  } else {
    dbFile = 'database.sql';
    await dumpMysql(target, join(o.outDir, dbFile));
  }
  const dbPath = join(o.outDir, dbFile);

  let files: BackupManifest['files'] = null;
  if (o.dataDir && existsSync(o.dataDir)) {
    const skip = new Set(sqliteFiles(target));
    const out = resolve(o.outDir);
    const filesDir = join(o.outDir, 'files');
    cpSync(o.dataDir, filesDir, {
      recursive: true,
      // Not the live SQLite files (the consistent copy is database.sqlite), not this backup itself.
      filter: (src) => !skip.has(resolve(src)) && !resolve(src).startsWith(out),
    });
    const copied = walk(filesDir);
    files = { count: copied.length, bytes: copied.reduce((n, f) => n + statSync(join(filesDir, f)).size, 0) };
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    database: {
      kind: target.kind,
      file: dbFile,
      sha256: await sha256Of(dbPath),
      bytes: statSync(dbPath).size,
      migrations,
    },
    files,
  };
  writeFileSync(join(o.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/** Reads and checks a backup folder's manifest and database checksum. */
export async function readBackup(backupDir: string): Promise<BackupManifest> {
  const file = join(backupDir, 'manifest.json');
  if (!existsSync(file)) throw new Error(`${backupDir} has no manifest.json: not a motcua backup`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT)
    throw new Error(
      `${backupDir}: unknown backup format ${String(manifest.format)} (expected ${BACKUP_FORMAT})`,
    );
  const db = join(backupDir, manifest.database.file);
  if (!existsSync(db) || (await sha256Of(db)) !== manifest.database.sha256)
    throw new Error(`${backupDir}: ${manifest.database.file} is missing or damaged (checksum differs)`);
  return manifest;
}

async function restoreSqlite(path: string, from: string, replace: boolean): Promise<void> {
  const companions = sqliteFiles({ kind: 'sqlite', path });
  if (companions.some((f) => existsSync(f))) {
    if (!replace) throw new Error(`${path} exists: stop the platform and pass --replace to overwrite it`);
    for (const f of companions) rmSync(f, { force: true });
  }
  mkdirSync(dirname(resolve(path)), { recursive: true });
  cpSync(from, path);
}

async function restoreMysql(
  target: Extract<DbTarget, { kind: 'mysql' }>,
  dbUrl: string,
  from: string,
  replace: boolean,
) {
  const ds = await openDatabase({ url: dbUrl, migrate: false });
  try {
    const tables: { name: string }[] = await ds.query(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
    );
    if (tables.length > 0) {
      if (!replace)
        throw new Error(
          `${redactDbUrl(dbUrl)} has ${tables.length} tables: restore into an empty database or pass --replace`,
        );
      const runner = ds.createQueryRunner();
      try {
        await runner.query('SET FOREIGN_KEY_CHECKS = 0');
        for (const t of tables) await runner.query(`DROP TABLE \`${t.name.replace(/`/g, '``')}\``);
        await runner.query('SET FOREIGN_KEY_CHECKS = 1');
      } finally {
        await runner.release();
      }
    }
  } finally {
    await ds.destroy();
  }
  await loadMysqlDump(target, from);
}

/**
 * Restores a backup into a stopped installation (or a fresh one): the database, then the files;
 * then checks the restored database has the backup's migrations (SQLite also `integrity_check`).
 * A SQLite backup restores into SQLite and a MySQL one into MySQL/MariaDB.
 */
export async function restoreInstallation(o: RestoreOptions): Promise<BackupManifest> {
  const manifest = await readBackup(o.backupDir);
  const target = parseDbUrl(o.dbUrl);
  if (target.kind !== manifest.database.kind)
    throw new Error(`a ${manifest.database.kind} backup cannot be restored into a ${target.kind} database`);
  const from = join(o.backupDir, manifest.database.file);
  if (target.kind === 'sqlite') await restoreSqlite(target.path, from, o.replace ?? false);
  else await restoreMysql(target, o.dbUrl, from, o.replace ?? false);

  if (target.kind === 'sqlite') {
    const ds = await openDatabase({ url: o.dbUrl, migrate: false });
    try {
      const [check] = (await ds.query('PRAGMA integrity_check')) as { integrity_check: string }[];
      if (check?.integrity_check !== 'ok')
        throw new Error(`the restored database fails integrity_check: ${check?.integrity_check}`);
    } finally {
      await ds.destroy();
    }
  }
  const migrations = await migrationsOf(o.dbUrl);
  if (JSON.stringify(migrations) !== JSON.stringify(manifest.database.migrations))
    throw new Error('the restored database does not have the migrations the backup recorded');

  if (manifest.files && o.dataDir) {
    const keep = new Set(sqliteFiles(target));
    const present = walk(o.dataDir).filter((f) => !keep.has(resolve(o.dataDir!, f)));
    if (present.length > 0 && !o.replace)
      throw new Error(`${o.dataDir} already has files: restore into an empty folder or pass --replace`);
    cpSync(join(o.backupDir, 'files'), o.dataDir, { recursive: true, force: true });
  }
  return manifest;
}
