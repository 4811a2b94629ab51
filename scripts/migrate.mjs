#!/usr/bin/env node
// `node scripts/migrate.mjs`: brings the database DB_URL points at up to date and exits. Run once
// before several processes start on one database (compose.replicas.yaml's `migrate` service), so
// they never race on migrations; `npm start` does the same itself before it starts its children.
import { openDatabase, redactDbUrl } from '@motcua/db';

const dataDir = process.env.DATA_DIR ?? './data';
const url = process.env.DB_URL ?? `sqlite:${dataDir.replace(/\/$/, '')}/motcua.sqlite`;
try {
  const ds = await openDatabase({ url });
  const [row] = await ds.query('SELECT COUNT(*) AS n FROM motcua_migrations');
  await ds.destroy();
  console.log(`[motcua] ${redactDbUrl(url)} is up to date (${Number(row.n)} migrations)`);
} catch (err) {
  console.error(`[motcua] migration failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
