#!/usr/bin/env node
// `npm run backup [-- --out DIR]`: backs up the installation DB_URL and DATA_DIR point at (the same
// environment as `npm start`; defaults ./data and its SQLite file) into a new folder, by default
// $BACKUP_DIR/motcua-<UTC time> (BACKUP_DIR: ./backups; /backups in the image). Safe while the
// platform runs: SQLite via VACUUM INTO, MySQL/MariaDB via mariadb-dump --single-transaction (the
// MariaDB or MySQL client must be installed; the image has it). The folder holds the database, the data directory's files and manifest.json with a
// checksum. See README.md, "Production".
import { resolve } from 'node:path';
import { redactDbUrl } from '@motcua/db';
import { backupInstallation } from '@motcua/db/backup';

const args = process.argv.slice(2);
const at = args.indexOf('--out');
if (args.some((a, i) => a !== '--out' && i !== at + 1) || (at >= 0 && !args[at + 1])) {
  console.error('usage: npm run backup [-- --out DIR]');
  process.exit(2);
}
const dataDir = process.env.DATA_DIR ?? './data';
const dbUrl = process.env.DB_URL ?? `sqlite:${dataDir.replace(/\/$/, '')}/motcua.sqlite`;
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const outDir = resolve(at >= 0 ? args[at + 1] : `${process.env.BACKUP_DIR ?? './backups'}/motcua-${stamp}`);
try {
  const m = await backupInstallation({ dbUrl, dataDir, outDir });
  console.log(
    `[motcua] backup of ${redactDbUrl(dbUrl)} in ${outDir}: ${m.database.file} ${m.database.bytes} bytes (sha256 ${m.database.sha256.slice(0, 12)}…), ${m.database.migrations.length} migrations, ${m.files?.count ?? 0} files`,
  );
} catch (err) {
  console.error(`[motcua] backup failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
