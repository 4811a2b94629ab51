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
import { testDatabases, type TestDatabase } from '@motcua/db/testing';

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
    const noop = () => undefined;
    ds.setOptions({
      logger: {
        logQuery: (q: string) => {
          if (/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i.test(q.trim())) events.push(q.trim());
        },
        logQueryError: noop,
        logQuerySlow: noop,
        logSchemaBuild: noop,
        logMigration: noop,
        log: noop,
      },
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
