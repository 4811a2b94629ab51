// `BENCH_SCENARIO=start-cost npm run bench`: where the time of `POST /process-definition/key/…/start`
// goes (issue 17). For each database: the statements one start sends, by kind and table (captured
// in-process through TypeORM's logger), the transactions (= commits = fsyncs of the log: SQLite WAL
// with synchronous=FULL, InnoDB with innodb_flush_log_at_trx_commit=1), and the wall time of
// BENCH_STARTS starts at concurrency 8 — on Operaton 1.0.3 too.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import { openDatabase } from '@motcua/db';
import { createEngineStore } from '@motcua/db/engine';
import { silentLogger } from '@motcua/domain';
import { startEngine, systemClock } from '@motcua/engine';
import { EngineCore } from '@motcua/engine/engine-core';
import { createRestApp } from '@motcua/engine/rest/rest-app';
import { freePort, startOperaton, buildJarIfStale } from '../scripts/operaton-launcher.mjs';
import { deployProcedures, procedure, rest } from './scenarios/large-data.mjs';

const starts = Number(process.env.BENCH_STARTS ?? 2000);
const concurrency = 8;
const targets = (process.env.BENCH_TARGETS ?? 'sqlite,mariadb,operaton').split(',');
const json = (body) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const startBody = (i) =>
  json({
    businessKey: `start-${i}`,
    variables: {
      group: { value: 'group001', type: 'String' },
      due: { value: '2026-12-31T00:00:00.000+0000', type: 'Date' },
      priority: { value: 50, type: 'Integer' },
      topic: { value: 'topic.1', type: 'String' },
      dossierCode: { value: `HS-${i}`, type: 'String' },
      applicant: { value: `Người nộp ${i}`, type: 'String' },
    },
  });

async function freshDatabase(kind) {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-start-'));
    return {
      url: `sqlite:${join(dir, 'start.sqlite')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base = new URL(process.env.BENCH_MYSQL_URL ?? 'mysql://motcua:motcua@127.0.0.1:3306/motcua_bench');
  const name = `${base.pathname.slice(1)}_start_${process.pid}`;
  const admin = () =>
    mysql.createConnection({
      host: base.hostname,
      port: Number(base.port || 3306),
      user: decodeURIComponent(base.username),
      password: decodeURIComponent(base.password),
    });
  const c = await admin();
  await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await c.end();
  return {
    url: `mysql://${base.username}:${base.password}@${base.host}/${name}`,
    drop: async () => {
      const d = await admin();
      await d.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await d.end();
    },
  };
}

/** The statements of `n` sequential starts, by kind (and table for writes), per start. */
async function statementsPerStart(url, n = 20) {
  const seen = [];
  const noop = () => undefined;
  const ds = await openDatabase({ url });
  ds.setOptions({
    logger: {
      logQuery: (q) => seen.push(q),
      logQueryError: noop,
      logQuerySlow: noop,
      logSchemaBuild: noop,
      logMigration: noop,
      log: noop,
    },
  });
  const app = createRestApp(new EngineCore(createEngineStore(ds), systemClock, silentLogger), silentLogger);
  const server = createServer(app.callback());
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const engineUrl = `http://127.0.0.1:${server.address().port}/engine-rest`;
  try {
    await deployProcedures(engineUrl, 1);
    await rest(engineUrl, `/process-definition/key/${procedure(0)}/start`, startBody(-1)); // warm-up
    seen.length = 0;
    for (let i = 0; i < n; i++)
      await rest(engineUrl, `/process-definition/key/${procedure(0)}/start`, startBody(i));
  } finally {
    await new Promise((ok) => server.close(ok));
    await ds.destroy();
  }
  const kinds = new Map();
  for (const q of seen) {
    const write = /^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+[`"]?(\w+)/i.exec(q);
    const read = /^\s*SELECT\b.*?\bFROM\s+[`"]?(\w+)/is.exec(q);
    const key = write
      ? `${write[1].toUpperCase()} ${write[2]}`
      : read
        ? `SELECT ${read[1]}`
        : q.trim().split(/\s+/).slice(0, 2).join(' ').toUpperCase();
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  return {
    total: seen.length / n,
    kinds: [...kinds.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / n]),
  };
}

async function timeStarts(engineUrl) {
  await deployProcedures(engineUrl, 1);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < starts) {
        const i = next++;
        await rest(engineUrl, `/process-definition/key/${procedure(0)}/start`, startBody(i));
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

console.log(
  `motcua start-cost bench — ${new Date().toISOString()}; ${starts} starts at concurrency ${concurrency}`,
);
for (const kind of targets.filter((t) => t !== 'operaton')) {
  const a = await freshDatabase(kind);
  try {
    const s = await statementsPerStart(a.url);
    console.log(`\n${kind}: ${s.total.toFixed(1)} statements per start (incl. BEGIN/COMMIT):`);
    for (const [k, v] of s.kinds) console.log(`  ${v.toFixed(1).padStart(5)}  ${k}`);
  } finally {
    await a.drop();
  }
  const b = await freshDatabase(kind);
  const engine = await startEngine({ dbUrl: b.url, port: 0 });
  try {
    const secs = await timeStarts(engine.url);
    console.log(
      `${kind}: ${starts} starts in ${secs.toFixed(1)} s (${((secs * 1000) / starts).toFixed(2)} ms/start wall, ${(starts / secs).toFixed(0)}/s)`,
    );
  } finally {
    await engine.close();
    await b.drop();
  }
}
if (targets.includes('operaton')) {
  buildJarIfStale();
  const operaton = await startOperaton({ port: await freePort(), stdio: 'ignore' });
  try {
    const secs = await timeStarts(operaton.url);
    console.log(
      `operaton ${operaton.version} (H2 in memory): ${starts} starts in ${secs.toFixed(1)} s (${((secs * 1000) / starts).toFixed(2)} ms/start wall, ${(starts / secs).toFixed(0)}/s)`,
    );
  } finally {
    await operaton.stop();
  }
}
