/**
 * Updates write only the columns changed since the unit of work read the row (issue 15: SQLite
 * rewrites every index an UPDATE's SET names). What must hold: the row in the database ends as the
 * object says; a row not read in this unit of work is written whole; the revision check and bump
 * stay on every update, even one that changes nothing; a Date changed in place or a different
 * Date object of the same instant is told apart correctly.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { openDatabase, type DataSource } from '@motcua/db';
import {
  ConcurrentModificationError,
  createEngineStore,
  EngineExternalTask,
  type EngineStore,
} from '@motcua/db/engine';
import { ReadState } from '../src/engine/read-state.js';
import { testDatabases, watchingLogger, type TestDatabase } from '@motcua/db/testing';

describe('ReadState', () => {
  it('tells what changed since a row was remembered', () => {
    const state = new ReadState();
    const at = new Date('2026-12-07T10:00:00Z');
    const row = {
      id: 'r',
      rev: 1,
      name: 'a',
      count: 1,
      flag: false,
      at,
      json: { k: 1 },
      none: null as string | null,
    };
    expect(state.changedSince(row)).toBeNull(); // never remembered: the caller writes it all
    state.remember([row]);
    // A JSON value may have been changed in place: it always counts as changed.
    expect(state.changedSince(row)).toEqual({ json: { k: 1 } });
    row.name = 'b';
    row.flag = true;
    row.none = 'x';
    row.rev = 2; // id and rev are never part of the answer
    row.at = new Date(at.getTime()); // another object, the same instant: unchanged
    expect(state.changedSince(row)).toEqual({ name: 'b', flag: true, none: 'x', json: { k: 1 } });
    state.remember([row]);
    row.at.setTime(at.getTime() + 1000); // changed in place
    expect(state.changedSince(row)).toEqual({ at: row.at, json: { k: 1 } });
  });
});

describe.each(await testDatabases())('updates of changed columns on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: EngineStore;
  /** The UPDATE statements sent, in order. */
  const updates: string[] = [];

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    ds.setOptions({
      logger: watchingLogger((q) => {
        for (const s of q.split(/;\s*/)) if (/^\s*UPDATE\b/i.test(s)) updates.push(s.trim());
      }),
    });
    store = createEngineStore(ds);
  });
  beforeEach(() => {
    updates.length = 0;
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const task = (): EngineExternalTask =>
    ({
      id: randomUUID(),
      rev: 1,
      topicName: 'read-state',
      workerId: null,
      lockExpirationTime: null,
      retries: null,
      errorMessage: null,
      errorDetails: null,
      executionId: randomUUID(),
      processInstanceId: randomUUID(),
      processDefinitionId: 'pd',
      processDefinitionKey: 'pdk',
      processDefinitionVersionTag: null,
      activityId: 'act',
      activityInstanceId: 'ai',
      priority: 0,
      businessKey: null,
      tenantId: null,
      suspended: false,
      createTime: new Date('2026-12-07T10:00:00Z'),
    }) as unknown as EngineExternalTask;
  const setList = (sql: string) =>
    sql.replace(/^UPDATE\s+\S+\s+SET\s+/i, '').replace(/\s+WHERE[\s\S]*$/i, '');

  it('a row read in the unit of work: only its changed columns and its revision are written', async () => {
    const row = task();
    await store.transaction((tx) => tx.insert(EngineExternalTask, row));
    const lockedUntil = new Date('2026-12-07T11:00:00Z');
    await store.transaction(async (tx) => {
      const t = (await tx.get(EngineExternalTask, row.id))!;
      t.workerId = 'w1';
      t.lockExpirationTime = lockedUntil;
      await tx.update(EngineExternalTask, t);
    });
    expect(updates).toHaveLength(1);
    const set = setList(updates[0]!);
    expect(set).toMatch(/workerId/);
    expect(set).toMatch(/lockExpirationTime/);
    expect(set).toMatch(/rev/);
    expect(set).not.toMatch(/topicName|executionId|processDefinitionKey|createTime|retries/);
    const stored = await store.read((tx) => tx.get(EngineExternalTask, row.id));
    expect(stored).toMatchObject({
      rev: 2,
      workerId: 'w1',
      topicName: 'read-state',
      executionId: row.executionId,
    });
    expect(stored!.lockExpirationTime!.getTime()).toBe(lockedUntil.getTime());
  });

  it('a second update in the same unit of work compares with what the first one wrote', async () => {
    const row = task();
    await store.transaction((tx) => tx.insert(EngineExternalTask, row));
    await store.transaction(async (tx) => {
      const t = (await tx.get(EngineExternalTask, row.id))!;
      t.workerId = 'w1';
      await tx.update(EngineExternalTask, t);
      t.workerId = null; // back to what the database held before the first update
      await tx.update(EngineExternalTask, t);
    });
    expect(updates.map(setList).every((s) => /workerId/.test(s))).toBe(true);
    expect(await store.read((tx) => tx.get(EngineExternalTask, row.id))).toMatchObject({
      rev: 3,
      workerId: null,
    });
  });

  it('a row not read in the unit of work is written whole', async () => {
    const row = task();
    await store.transaction((tx) => tx.insert(EngineExternalTask, row));
    await store.transaction((tx) => tx.update(EngineExternalTask, { ...row, workerId: 'w2' }));
    expect(setList(updates[0]!)).toMatch(/topicName/);
    expect(await store.read((tx) => tx.get(EngineExternalTask, row.id))).toMatchObject({
      rev: 2,
      workerId: 'w2',
    });
  });

  it('an update that changes nothing still checks and bumps the revision', async () => {
    const row = task();
    await store.transaction((tx) => tx.insert(EngineExternalTask, row));
    const stale = (await store.read((tx) => tx.get(EngineExternalTask, row.id)))!;
    await store.transaction(async (tx) => {
      const t = (await tx.get(EngineExternalTask, row.id))!;
      await tx.update(EngineExternalTask, t);
    });
    expect(setList(updates[0]!)).toMatch(/^"?`?rev/);
    await expect(store.transaction((tx) => tx.update(EngineExternalTask, stale))).rejects.toBeInstanceOf(
      ConcurrentModificationError,
    );
    expect((await store.read((tx) => tx.get(EngineExternalTask, row.id)))!.rev).toBe(2);
  });
});
