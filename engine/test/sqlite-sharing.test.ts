/**
 * `npm start` runs the engine, the workers and the portal as separate processes on one SQLite
 * file. Another process writing while an engine command runs must make the command wait (busy
 * timeout), not fail: engine transactions take SQLite's write lock up front (BEGIN IMMEDIATE), so
 * they never read a snapshot that another writer invalidates before they write.
 */
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { RestClient, bpmn, flow } from './rest-client.js';

const sqlite = (await testDatabases()).find((d) => d.dialect === 'sqlite')!;
const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');

/** Another process: takes the write lock, writes, holds it `holdMs`, commits. Resolves once locked. */
function otherProcessWriting(file: string, holdMs: number): Promise<{ done: Promise<void> }> {
  const script = `
    const Database = require(${JSON.stringify(betterSqlite3)});
    const db = new Database(${JSON.stringify(file)});
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN IMMEDIATE');
    db.exec('CREATE TABLE IF NOT EXISTS other_process (n integer)');
    db.prepare('INSERT INTO other_process (n) VALUES (1)').run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${holdMs});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<void>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`)))),
  );
  return new Promise((resolve) => child.stdout.once('data', () => resolve({ done })));
}

describe('the engine sharing its SQLite file with other processes', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: RestClient;
  beforeAll(async () => {
    db = await sqlite.create();
    engine = await startEngine({ dbUrl: db.url, port: 0 });
    api = new RestClient(engine.url);
    const xml = bpmn(
      'shared-file',
      `<bpmn:startEvent id="s" />${flow('f', 's', 'u')}<bpmn:userTask id="u" />${flow('f2', 'u', 'e')}<bpmn:endEvent id="e" />`,
    );
    await api.ok(api.deploy({ 'shared-file.bpmn': xml }));
  });
  afterAll(async () => {
    await engine?.close();
    await db?.drop();
  });

  it('waits for another process’s write transaction instead of failing', async () => {
    for (let round = 0; round < 3; round++) {
      const other = await otherProcessWriting(db.url.slice('sqlite:'.length), 300);
      const res = await api.post('/process-definition/key/shared-file/start', {
        businessKey: `other-${round}`,
      });
      expect([res.status, res.body.businessKey]).toEqual([200, `other-${round}`]);
      await other.done;
    }
  });
});
