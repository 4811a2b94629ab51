/**
 * Records every statement the engine runs on SQLite, with its bound parameters, in order, so that
 * `replay.mjs` can run the same work again without the engine, HTTP or the harness (issue 15:
 * SQLite's own cost per schema, pragma or page size, measured as CPU seconds and WAL frames, which
 * do not move with the machine's load as the harness's wall-clock figures do).
 *
 *   DB_URL=sqlite:/tmp/x/db.sqlite SQLITE_RECORD_OUT=/tmp/x/trace.jsonl \
 *     node --import ./bench/sqlite-replay/record.mjs engine/dist/main.js
 *   (drive it, e.g. with bench/run.mjs), then `kill -USR2 <pid>` writes the trace: one JSON array
 *   per line, [method, sql, parameters].
 *
 * Copy the database file before the engine starts on it (a fresh engine's schema): the replay
 * starts from that copy.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(fileURLToPath(new URL('../../db/package.json', import.meta.url)));
const Database = require('better-sqlite3');
const out = process.env.SQLITE_RECORD_OUT ?? 'sqlite-trace.jsonl';
const trace = [];
const prepare = Database.prototype.prepare;
let wrapped = false;

Database.prototype.prepare = function recordingPrepare(sql) {
  const statement = prepare.call(this, sql);
  if (!wrapped) {
    // Every statement shares one prototype: wrap its methods once.
    wrapped = true;
    const proto = Object.getPrototypeOf(statement);
    for (const method of ['run', 'all', 'get']) {
      const original = proto[method];
      proto[method] = function recorded(...parameters) {
        trace.push([method, this.source, parameters]);
        return original.apply(this, parameters);
      };
    }
  }
  return statement;
};

process.on('SIGUSR2', () => {
  const line = (entry) => JSON.stringify(entry, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  writeFileSync(out, trace.map(line).join('\n'));
  process.stderr.write(`sqlite-replay: ${trace.length} statements written to ${out}\n`);
});
