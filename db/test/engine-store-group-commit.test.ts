/**
 * SQLite group commit (issue 15): engine commands queued on the one connection share a transaction,
 * each in its own savepoint, and one COMMIT (one fsync with `synchronous=FULL`). What must hold:
 * nobody hears of a command before its COMMIT, a failing command takes only its own writes back,
 * and a read never sees a group that has not committed. COMMITs are counted from the statements
 * TypeORM sends (deterministic: the commands are queued before the first one runs).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { openDatabase, type DataSource } from '@motcua/db';
import {
  ConcurrentModificationError,
  createEngineStore,
  EngineVariable,
  type EngineStore,
} from '@motcua/db/engine';
import { testDatabases, watchingLogger, type TestDatabase } from '@motcua/db/testing';

const sqlite = (await testDatabases()).filter((f) => f.dialect === 'sqlite');

describe.each(sqlite)('group commit on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: EngineStore;
  /** What happened, in order: the statements that end transactions, and answers heard. */
  const events: string[] = [];

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    ds.setOptions({
      logger: watchingLogger((q) => {
        if (/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i.test(q.trim())) events.push(q.trim());
      }),
    });
    store = createEngineStore(ds);
  });
  beforeEach(() => {
    events.length = 0;
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const variable = (name: string, processInstanceId: string): EngineVariable => ({
    id: randomUUID(),
    rev: 1,
    name,
    type: 'String',
    textValue: name,
    executionId: processInstanceId,
    processInstanceId,
    taskId: null,
  });
  const names = async (processInstanceId: string) =>
    (
      await store.read((tx) => tx.find(EngineVariable, { processInstanceId }, { order: { name: 'ASC' } }))
    ).map((v) => v.name);

  it('commands queued together commit once, and each answers only after that COMMIT', async () => {
    const pi = randomUUID();
    const answers = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((name) =>
        store
          .transaction(async (tx) => {
            await tx.insert(EngineVariable, variable(name, pi));
            return name;
          })
          .then((r) => {
            events.push(`answer ${r}`);
            return r;
          }),
      ),
    );
    expect(answers).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(events.filter((e) => e === 'COMMIT')).toHaveLength(1);
    expect(events.filter((e) => e === 'SAVEPOINT engine_command')).toHaveLength(5);
    const commit = events.indexOf('COMMIT');
    expect(events.findIndex((e) => e.startsWith('answer'))).toBeGreaterThan(commit);
    expect(await names(pi)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('a command that fails in a group takes back its own writes only', async () => {
    const pi = randomUUID();
    const run = (name: string, fail: boolean) =>
      store.transaction(async (tx) => {
        await tx.insert(EngineVariable, variable(name, pi));
        if (fail) throw new ConcurrentModificationError(`${name} lost a race`);
        return name;
      });
    const results = await Promise.allSettled([run('a', false), run('b', true), run('c', false)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrentModificationError);
    expect(events.filter((e) => e === 'COMMIT')).toHaveLength(1);
    expect(events).toContain('ROLLBACK TO engine_command');
    expect(await names(pi)).toEqual(['a', 'c']);
  });

  it('a read queued between commands sees only what committed: the group commits before it', async () => {
    const pi = randomUUID();
    const first = store.transaction((tx) => tx.insert(EngineVariable, variable('a', pi)));
    const read = names(pi);
    const second = store.transaction((tx) => tx.insert(EngineVariable, variable('b', pi)));
    await Promise.all([first, second]);
    expect(await read).toEqual(['a']);
    expect(events.filter((e) => e === 'COMMIT')).toHaveLength(2);
    expect(await names(pi)).toEqual(['a', 'b']);
  });

  it('a group whose every command failed rolls back, and the next command starts afresh', async () => {
    const pi = randomUUID();
    const failing = store.transaction(async (tx) => {
      await tx.insert(EngineVariable, variable('x', pi));
      throw new Error('refused');
    });
    await expect(failing).rejects.toThrow('refused');
    expect(events.filter((e) => /^(COMMIT|ROLLBACK)$/.test(e))).toEqual(['ROLLBACK']);
    await store.transaction((tx) => tx.insert(EngineVariable, variable('y', pi)));
    expect(await names(pi)).toEqual(['y']);
  });
});

/**
 * The failure that withdrew the first group commit (portal/test/payment.test.ts in CI): the portal's
 * DataSource on the same file in the same process wrote while an engine group held the write lock
 * across an event-loop turn; better-sqlite3 waited for the lock synchronously (busy_timeout), so
 * the group could never commit and the portal's write failed with SQLITE_BUSY. Both DataSources
 * now take the file's process-wide write gate, asynchronously.
 */
describe.each(sqlite)('an engine group and another DataSource on the same $dialect file', (factory) => {
  let db: TestDatabase;
  let engineDs: DataSource;
  let portalDs: DataSource;
  let store: EngineStore;
  const events: string[] = [];

  const logTo = (who: string) => {
    const noop = () => undefined;
    return {
      logQuery: (q: string) => {
        const sql = q.trim();
        if (/^(BEGIN|COMMIT|ROLLBACK)\b|^INSERT INTO portal_probe/i.test(sql))
          events.push(`${who} ${sql.split(' (')[0]}`);
      },
      logQueryError: noop,
      logQuerySlow: noop,
      logSchemaBuild: noop,
      logMigration: noop,
      log: noop,
    };
  };

  beforeAll(async () => {
    db = await factory.create();
    engineDs = await openDatabase({ url: db.url });
    // The portal's connection, opened the way start-portal.ts opens it (the migrations already ran).
    portalDs = await openDatabase({ url: db.url, migrate: false });
    // A failure here waits the whole busy timeout with the event loop blocked: keep it short.
    await portalDs.query('PRAGMA busy_timeout = 1500');
    await portalDs.query('CREATE TABLE portal_probe (name TEXT PRIMARY KEY)');
    engineDs.setOptions({ logger: logTo('engine') });
    portalDs.setOptions({ logger: logTo('portal') });
    store = createEngineStore(engineDs);
  });
  beforeEach(() => {
    events.length = 0;
  });
  afterAll(async () => {
    await portalDs?.destroy();
    await engineDs?.destroy();
    await db?.drop();
  });

  const variable = (name: string, processInstanceId: string): EngineVariable => ({
    id: randomUUID(),
    rev: 1,
    name,
    type: 'String',
    textValue: name,
    executionId: processInstanceId,
    processInstanceId,
    taskId: null,
  });

  /** An engine command that stays open (its group holding the file) until `release` is called. */
  function heldEngineCommand(name: string, pi: string) {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const done = store.transaction(async (tx) => {
      await tx.insert(EngineVariable, variable(name, pi));
      started();
      await released;
      return name;
    });
    return { running, release, done };
  }

  it('a portal transaction waits for the open group without blocking it, then writes', async () => {
    const pi = randomUUID();
    const a = heldEngineCommand('a', pi);
    await a.running;
    const portalWrite = portalDs.transaction((em) =>
      em.query('INSERT INTO portal_probe (name) VALUES (?)', ['t1']),
    );
    const b = store.transaction((tx) => tx.insert(EngineVariable, variable('b', pi)));
    a.release();
    await Promise.all([a.done, b, portalWrite]);
    expect(
      (await portalDs.query('SELECT name FROM portal_probe')).map((r: { name: string }) => r.name),
    ).toEqual(['t1']);
    expect(await store.read((tx) => tx.find(EngineVariable, { processInstanceId: pi }))).toHaveLength(2);
    // The group committed as soon as the portal waited (b did not join it); the portal went next.
    expect(events).toEqual([
      'engine BEGIN IMMEDIATE',
      'engine COMMIT',
      'portal BEGIN TRANSACTION',
      'portal INSERT INTO portal_probe',
      'portal COMMIT',
      'engine BEGIN IMMEDIATE',
      'engine COMMIT',
    ]);
  });

  it('a portal write outside a transaction (autocommit) waits for the group too', async () => {
    const pi = randomUUID();
    const a = heldEngineCommand('a', pi);
    await a.running;
    const portalWrite = portalDs.query('INSERT INTO portal_probe (name) VALUES (?)', ['auto']);
    a.release();
    await Promise.all([a.done, portalWrite]);
    expect(events).toEqual(['engine BEGIN IMMEDIATE', 'engine COMMIT', 'portal INSERT INTO portal_probe']);
    expect((await portalDs.query("SELECT count(*) AS n FROM portal_probe WHERE name = 'auto'"))[0].n).toBe(1);
  });

  it('an engine command waits for an open portal transaction, asynchronously', async () => {
    const pi = randomUUID();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const portalWrite = portalDs.transaction(async (em) => {
      await em.query('INSERT INTO portal_probe (name) VALUES (?)', ['t2']);
      started();
      await released;
    });
    await running;
    const engine = store.transaction((tx) => tx.insert(EngineVariable, variable('c', pi)));
    // The engine waits on the gate: the event loop still turns, so the portal can finish.
    await new Promise((turn) => setImmediate(turn));
    expect(events).toEqual(['portal BEGIN TRANSACTION', 'portal INSERT INTO portal_probe']);
    release();
    await Promise.all([portalWrite, engine]);
    expect(events.slice(2)).toEqual(['portal COMMIT', 'engine BEGIN IMMEDIATE', 'engine COMMIT']);
  });
});

describe.each(sqlite)('a DataSource closed while it holds the $dialect write gate', (factory) => {
  it('gives the gate back: another DataSource on the file writes afterwards', async () => {
    const db = await factory.create();
    const first = await openDatabase({ url: db.url });
    const second = await openDatabase({ url: db.url, migrate: false });
    try {
      await first.query('CREATE TABLE closing_probe (name TEXT PRIMARY KEY)');
      const runner = first.createQueryRunner();
      await runner.startTransaction();
      await runner.query("INSERT INTO closing_probe (name) VALUES ('lost')");
      const waiting = second.query("INSERT INTO closing_probe (name) VALUES ('kept')");
      await first.destroy();
      await waiting;
      expect(await second.query('SELECT name FROM closing_probe')).toEqual([{ name: 'kept' }]);
    } finally {
      if (first.isInitialized) await first.destroy();
      await second.destroy();
      await db.drop();
    }
  });
});
