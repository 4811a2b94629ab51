#!/usr/bin/env node
// `npm run restore -- DIR [--replace]`: restores a backup folder (scripts/backup.mjs) into the
// installation DB_URL and DATA_DIR point at. Stop the platform first. Without --replace the target
// database must be empty (MySQL) or absent (SQLite) and DATA_DIR empty; with it, their content is
// replaced. Checks the backup's checksum before and the migrations (and SQLite's integrity_check)
// after. A SQLite backup restores into SQLite, a MySQL/MariaDB one into MySQL/MariaDB.
import { resolve } from 'node:path';
import { redactDbUrl } from '@motcua/db';
import { restoreInstallation } from '@motcua/db/backup';

const args = process.argv.slice(2);
const replace = args.includes('--replace');
const rest = args.filter((a) => a !== '--replace');
if (rest.length !== 1) {
  console.error('usage: npm run restore -- BACKUP_DIR [--replace]');
  process.exit(2);
}
const dataDir = process.env.DATA_DIR ?? './data';
const dbUrl = process.env.DB_URL ?? `sqlite:${dataDir.replace(/\/$/, '')}/motcua.sqlite`;
try {
  const m = await restoreInstallation({ backupDir: resolve(rest[0]), dbUrl, dataDir, replace });
  console.log(
    `[motcua] restored the backup of ${m.createdAt} into ${redactDbUrl(dbUrl)} (${m.database.migrations.length} migrations) and ${dataDir} (${m.files?.count ?? 0} files)`,
  );
} catch (err) {
  console.error(`[motcua] restore failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
