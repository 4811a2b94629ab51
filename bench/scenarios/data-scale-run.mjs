// Scenarios (c) and (d) of issue 15 for one target: its database built once per size and kept
// (ours on SQLite: bench/.cache/scale-<key>.sqlite; MariaDB targets: database
// motcua_bench_scale_<engine>_<key>, complete when it holds a `bench_built` table), then the same REST
// queries timed on it. Building: the engine starts on an empty database and creates its schema, the
// 340 procedures are deployed through REST (so definitions, deployments and their BPMN are the
// engine's own), and the rows are written by direct SQL (data-scale-seed.mjs), then the tables analysed.
// The H2 references run in memory and are not measured here (seeding them would need JDBC inside
// their process).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TARGETS, freshDatabase, serverConnection, startTarget } from '../targets.mjs';
import { procedureBpmn } from './large-data.mjs';
import { DIALECTS, fillStatements, historyFills, openTaskFills } from './data-scale-seed.mjs';
import { inboxQueries } from './inbox-at-scale.mjs';
import { historyQueries } from './history-at-scale.mjs';
import { procedureKey } from './data-scale-names.mjs';
import { rebuildFinishedInstanceCountSql } from '@motcua/db/engine';

const cacheDir = join(import.meta.dirname, '..', '.cache');

/** Whether a target can run (c)/(d): ours on either database, the references on MariaDB only. */
export const scaleCapable = (name) => TARGETS[name].engine === 'ours' || TARGETS[name].db === 'mariadb';

/**
 * The database of a target for these sizes: `{ database }` or `{ sqliteFile }`. `BENCH_SCALE_PREFIX`
 * (default `motcua_bench_scale`) names another set of MariaDB databases: a copy of a kept one to try
 * a schema change on without touching the original.
 */
function keptDatabase(name, key) {
  const { engine, db } = TARGETS[name];
  if (db === 'sqlite') return { sqliteFile: join(cacheDir, `scale-${key}.sqlite`) };
  const prefix = process.env.BENCH_SCALE_PREFIX ?? 'motcua_bench_scale';
  if (!/^[a-z0-9_]+$/.test(prefix)) throw new Error(`BENCH_SCALE_PREFIX: letters, digits and _ only`);
  return { database: `${prefix}_${engine}_${key}` };
}

/** A small SQL client over the kept database: `all(sql)`, `run(sql)`, `columns(table)`, `close()`. */
async function connect(keep) {
  if (keep.sqliteFile) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(keep.sqliteFile);
    db.pragma('busy_timeout = 30000');
    return {
      dialect: DIALECTS.sqlite,
      all: async (sql) => db.prepare(sql).all(),
      run: async (sql) => db.exec(sql),
      columns: async (table) => new Set(db.pragma(`table_info(${table})`).map((c) => c.name.toLowerCase())),
      close: async () => db.close(),
    };
  }
  const conn = await serverConnection(keep.database);
  return {
    dialect: DIALECTS.mysql,
    all: async (sql) => (await conn.query(sql))[0],
    run: async (sql) => conn.query(sql),
    columns: async (table) => {
      const [rows] = await conn.query(
        'SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?',
        [table],
      );
      return new Set(rows.map((r) => r.c.toLowerCase()));
    },
    close: async () => conn.end(),
  };
}

async function isBuilt(keep) {
  if (keep.sqliteFile && !existsSync(keep.sqliteFile)) return false;
  if (keep.database) {
    const conn = await serverConnection();
    try {
      const [rows] = await conn.query(
        'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
        [keep.database, 'bench_built'],
      );
      return rows[0].n > 0;
    } finally {
      await conn.end();
    }
  }
  const sql = await connect(keep);
  try {
    return (await sql.all(`SELECT name FROM sqlite_master WHERE name = 'bench_built'`)).length > 0;
  } finally {
    await sql.close();
  }
}

async function rest(engineUrl, path, init) {
  const res = await fetch(engineUrl + path, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** Deploys the procedures, 20 BPMN resources per deployment; returns [{ p, id, key }]. */
async function deployProcedures(engineUrl, procedures) {
  for (let first = 0; first < procedures; first += 20) {
    const form = new FormData();
    form.append('deployment-name', `bench-scale-${first}`);
    for (let p = first; p < Math.min(procedures, first + 20); p++)
      form.append(
        `data-${p}`,
        new Blob([procedureBpmn(procedureKey(p))], { type: 'application/octet-stream' }),
        `${procedureKey(p)}.bpmn`,
      );
    await rest(engineUrl, '/deployment/create', { method: 'POST', body: form });
  }
  const defs = await rest(
    engineUrl,
    `/process-definition?keyLike=${encodeURIComponent('procedure-%')}&latestVersion=true&maxResults=${procedures + 10}`,
  );
  const byKey = new Map(defs.map((d) => [d.key, d.id]));
  return Array.from({ length: procedures }, (_, p) => {
    const id = byKey.get(procedureKey(p));
    if (!id) throw new Error(`${procedureKey(p)} was not deployed`);
    return { p, id, key: procedureKey(p) };
  });
}

/** Writes the rows of the selected scenarios; returns the seconds it took. */
async function seed(keep, { schema, definitions, tasks, history, groups, log }) {
  const t0 = performance.now();
  const sql = await connect(keep);
  const d = sql.dialect;
  try {
    if (d.name === 'mysql') await sql.run('SET SESSION foreign_key_checks = 0');
    await sql.run('DROP TABLE IF EXISTS bench_procdef');
    await sql.run(
      'CREATE TABLE bench_procdef (p INTEGER PRIMARY KEY, def_id VARCHAR(64), def_key VARCHAR(255))',
    );
    const quote = (s) => `'${s.replace(/'/g, "''")}'`;
    await sql.run(
      `INSERT INTO bench_procdef (p, def_id, def_key) VALUES ${definitions.map((x) => `(${x.p}, ${quote(x.id)}, ${quote(x.key)})`).join(', ')}`,
    );
    const fills = [
      ...(tasks ? [{ fills: openTaskFills(schema, d, { groups }), count: tasks }] : []),
      ...(history ? [{ fills: historyFills(schema, d), count: history }] : []),
    ];
    const tables = new Set();
    for (const { fills: list, count } of fills) {
      const existing = new Map();
      for (const f of list) {
        tables.add(f.table);
        if (!existing.has(f.table)) existing.set(f.table, await sql.columns(f.table));
      }
      const statements = fillStatements(d, list, count, (t) => existing.get(t));
      for (const [n, statement] of statements.entries()) {
        if (d.name === 'sqlite') await sql.run(`BEGIN; ${statement}; COMMIT;`);
        else await sql.run(statement);
        if ((n + 1) % 10 === 0) log(`    ${n + 1}/${statements.length} seed statements`);
      }
    }
    await sql.run('DROP TABLE bench_procdef');
    // Ours keeps an exact count of finished history instances beside the rows (issue 15): the rows
    // written here went in without the engine, so the count is recounted from them.
    if (schema === 'ours' && history)
      for (const statement of rebuildFinishedInstanceCountSql()) await sql.run(statement);
    if (d.name === 'mysql') await sql.run(`ANALYZE TABLE ${[...tables].join(', ')}`);
    else await sql.run('ANALYZE');
    await sql.run('CREATE TABLE bench_built (at VARCHAR(32))');
  } finally {
    await sql.close();
  }
  return (performance.now() - t0) / 1000;
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

/**
 * Times each query `rounds` times, all queries in turn, after `warmup` rounds; per query the
 * samples (ms), the rows it answered (list length or count), the engine process's CPU ms per call,
 * or the error it answered.
 */
async function timeQueries(engineUrl, pid, queries, { rounds, warmup }) {
  const out = Object.fromEntries(queries.map((q) => [q.name, { samples: [], rows: null, cpuMs: 0 }]));
  const call = async (q) => {
    const init = q.body
      ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(q.body) }
      : undefined;
    const body = await rest(engineUrl, q.path, init);
    return Array.isArray(body) ? body.length : body?.count;
  };
  for (let r = 0; r < warmup + rounds; r++)
    for (const q of queries) {
      const o = out[q.name];
      if (o.error) continue;
      const cpu0 = cpuSeconds(pid);
      const t0 = performance.now();
      try {
        o.rows = await call(q);
      } catch (err) {
        o.error = err.message;
        continue;
      }
      if (r >= warmup) {
        o.samples.push(performance.now() - t0);
        o.cpuMs += (cpuSeconds(pid) - cpu0) * 1000;
      }
    }
  for (const o of Object.values(out)) o.cpuMs = o.samples.length ? o.cpuMs / o.samples.length : Number.NaN;
  return out;
}

/**
 * Runs the selected scale scenarios (`scenarios`: a subset of ['c', 'd']) against one target;
 * resolves with `{ c?: {query: timing}, d?: {…} }` (see timeQueries).
 */
export async function scaleRound(name, { scenarios, sizes, rounds, warmup, log, onStarted }) {
  const { engine } = TARGETS[name];
  const tasks = scenarios.includes('c') ? sizes.tasks : 0;
  const history = scenarios.includes('d') ? sizes.history : 0;
  const key = `p${sizes.procedures}_g${sizes.groups}_t${tasks}_h${history}`;
  const keep = keptDatabase(name, key);
  const built = await isBuilt(keep);
  if (!built) {
    if (keep.sqliteFile) {
      mkdirSync(cacheDir, { recursive: true });
      for (const f of ['', '-wal', '-shm']) rmSync(keep.sqliteFile + f, { force: true });
    } else await freshDatabase(keep.database);
  }
  const target = await startTarget(name, { shared: keep.database, sqliteFile: keep.sqliteFile });
  onStarted?.(target);
  try {
    log(
      `  ${built ? 'reusing' : 'building'} ${keep.database ?? keep.sqliteFile} (ready in ${(target.readyMs / 1000).toFixed(1)} s)`,
    );
    if (!built) {
      const t0 = performance.now();
      const definitions = await deployProcedures(target.url, sizes.procedures);
      log(`  deployed ${definitions.length} procedures in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const s = await seed(keep, {
        schema: engine === 'ours' ? 'ours' : 'camunda',
        definitions,
        tasks,
        history,
        groups: sizes.groups,
        log,
      });
      log(`  seeded ${tasks} open tasks, ${history} finished instances by SQL in ${s.toFixed(0)} s`);
    }
    const result = {};
    if (tasks) result.c = await timeQueries(target.url, target.pid, inboxQueries(sizes), { rounds, warmup });
    if (history) {
      const [def] = await rest(target.url, `/process-definition?key=${procedureKey(2)}&latestVersion=true`);
      const queries = historyQueries({ history, definitionId: def?.id ?? 'none' });
      result.d = await timeQueries(target.url, target.pid, queries, { rounds, warmup });
    }
    return result;
  } finally {
    await target.stop();
  }
}
