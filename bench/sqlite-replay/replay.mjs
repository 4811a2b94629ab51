/**
 * Runs a trace of `record.mjs` again on a copy of the database it started from, with the engine's
 * pragmas (WAL, synchronous=FULL, a 2 MiB page cache: db/src/data-source.ts), and prints SQLite's
 * cost as one JSON line: the process's CPU ms (user, system), the wall ms (COMMIT's fsyncs apart),
 * and the WAL's size. With `--no-checkpoint` the WAL keeps every frame, so `walFrames` is exactly
 * the pages written by the trace's commits — a figure that does not move with the machine's load.
 *
 *   node bench/sqlite-replay/replay.mjs --from fresh.sqlite --trace trace.jsonl \
 *     [--sql change.sql] [--pragma wal_autocheckpoint=4000] [--no-checkpoint]
 *
 * `--sql` runs a file on the copy first (a schema change to try: DROP INDEX, a table rebuilt
 * WITHOUT ROWID, a VACUUM with another page_size), `--pragma` sets a connection pragma.
 */
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(fileURLToPath(new URL('../../db/package.json', import.meta.url)));
const Database = require('better-sqlite3');

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    trace: { type: 'string' },
    sql: { type: 'string' },
    pragma: { type: 'string', multiple: true, default: [] },
    'no-checkpoint': { type: 'boolean', default: false },
  },
});
if (!values.from || !values.trace) {
  console.error('usage: replay.mjs --from DB --trace TRACE [--sql FILE] [--pragma P=V]… [--no-checkpoint]');
  process.exit(2);
}

const WAL_FRAME_BYTES = 24; // a frame's header; its page follows
const file = join(tmpdir(), `sqlite-replay-${process.pid}.sqlite`);
copyFileSync(values.from, file);
const db = new Database(file);
try {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -2000');
  db.pragma('foreign_keys = ON');
  if (values.sql) {
    db.pragma('foreign_keys = OFF');
    db.exec(readFileSync(values.sql, 'utf8'));
    db.pragma('foreign_keys = ON');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  if (values['no-checkpoint']) db.pragma('wal_autocheckpoint = 0');
  for (const p of values.pragma) db.pragma(p);
  const pageSize = db.pragma('page_size', { simple: true });

  const trace = readFileSync(values.trace, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l));
  const prepared = new Map();
  const errors = new Map();
  let commitNs = 0n;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const [method, sql, parameters] of trace) {
    try {
      let statement = prepared.get(sql);
      if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
      const s0 = process.hrtime.bigint();
      if (method === 'run' || !statement.reader) statement.run(...parameters);
      else statement[method](...parameters);
      if (sql === 'COMMIT') commitNs += process.hrtime.bigint() - s0;
    } catch (err) {
      // The trace's own failures (a lost race, a duplicate) fail again the same way.
      const key = String(err.message).slice(0, 100);
      errors.set(key, (errors.get(key) ?? 0) + 1);
    }
  }
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const walBytes = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
  console.log(
    JSON.stringify({
      statements: trace.length,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      userMs: Math.round(cpu.user / 1000),
      systemMs: Math.round(cpu.system / 1000),
      wallMs: Math.round(wallMs),
      commitMs: Math.round(Number(commitNs) / 1e6),
      walFrames: walBytes > 32 ? Math.floor((walBytes - 32) / (pageSize + WAL_FRAME_BYTES)) : 0,
      walBytes,
      fileBytes: statSync(file).size,
      errors: Object.fromEntries(errors),
    }),
  );
} finally {
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
