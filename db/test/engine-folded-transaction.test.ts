/**
 * On the engine's own MariaDB pool (multi-statements) a transaction's START TRANSACTION goes with
 * its first statement and its COMMIT with its last flush (FoldedTransaction). What must hold: the
 * round trips saved, and nothing written and no success reported when the last flush, the
 * revision check riding with it, or the COMMIT fails — the engine runs its after-commit work
 * (waking long polls, the job executor) only once `store.transaction` resolved.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import {
  ConcurrentModificationError,
  EngineExecution,
  EngineExternalTask,
  EngineGroup,
  EngineVariable,
  createEngineStore,
  type EngineStore,
} from '@motcua/db/engine';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';

const mariadb = (await testDatabases()).find((d) => d.dialect === 'mariadb');

const group = (id: string, name: string): EngineGroup =>
  Object.assign(new EngineGroup(), { id, rev: 1, name, type: 'WORKFLOW' });

(mariadb ? describe : describe.skip)(
  'transactions folded into their first and last statements on MariaDB',
  () => {
    let db: TestDatabase;
    let ds: DataSource;
    /** Another connection: it kills the store's connection in the middle of a transaction. */
    let killer: DataSource;
    let store: EngineStore;
    beforeAll(async () => {
      db = await mariadb!.create();
      ds = await openDatabase({ url: db.url, multipleStatements: true });
      killer = await openDatabase({ url: db.url, migrate: false });
      store = createEngineStore(ds);
    });
    afterAll(async () => {
      await ds?.destroy();
      await killer?.destroy();
      await db?.drop();
    });

    const names = async (prefix: string) =>
      (await store.read((tx) => tx.find(EngineGroup, {}, { order: { id: 'ASC' } })))
        .filter((g) => g.id.startsWith(prefix))
        .map((g) => `${g.id}:${g.name}:${g.rev}`);

    /** Kills the connection of this database's open transaction (the store's: the only one). */
    const killOpenTransaction = async () => {
      const rows = (await killer.query(
        `SELECT t.trx_mysql_thread_id AS id FROM information_schema.INNODB_TRX t
         JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
        WHERE p.DB = DATABASE() AND p.ID <> CONNECTION_ID()`,
      )) as { id: number }[];
      expect(rows).toHaveLength(1);
      await killer.query(`KILL CONNECTION ${Number(rows[0]!.id)}`);
    };

    /** Runs `work` in a transaction; whether it resolved (what the engine's after-commit work waits for). */
    const outcome = async (work: Parameters<EngineStore['transaction']>[0]) => {
      let committed = false;
      let error: unknown = null;
      await store.transaction(work).then(
        () => (committed = true),
        (err: unknown) => (error = err),
      );
      return { committed, error };
    };

    it('costs no round trip for START TRANSACTION and COMMIT when there are statements to carry them', async () => {
      const before = store.roundTrips;
      await store.transaction(async (tx) => {
        expect(await tx.get(EngineGroup, 'none')).toBeNull(); // START TRANSACTION; SELECT …
        await tx.insert(EngineGroup, group('a1', 'một'));
        await tx.insert(EngineGroup, group('a2', 'hai')); // … INSERT; INSERT; COMMIT
      });
      expect(store.roundTrips - before).toBe(2);
      // A transaction of reads alone: its COMMIT goes alone; one that sent nothing costs nothing.
      const reads = store.roundTrips;
      await store.transaction(async (tx) => expect(await tx.count(EngineGroup)).toBe(2));
      expect(store.roundTrips - reads).toBe(2);
      const nothing = store.roundTrips;
      await store.transaction(async () => undefined);
      expect(store.roundTrips - nothing).toBe(0);
      expect(await names('a')).toEqual(['a1:một:1', 'a2:hai:1']);
      // The connection went back to the pool out of any transaction: a later one sees its own writes only.
      await store.transaction(async (tx) => tx.insert(EngineGroup, group('a3', 'ba')));
      expect(await names('a')).toEqual(['a1:một:1', 'a2:hai:1', 'a3:ba:1']);
    });

    it('a lost revision check in the last flush stops its COMMIT: nothing written, the write named', async () => {
      await store.transaction((tx) => tx.insert(EngineGroup, group('b1', 'cũ')));
      await store.transaction((tx) => tx.insert(EngineGroup, group('b2', 'cũ')));
      const { committed, error } = await outcome(async (tx) => {
        await tx.insert(EngineGroup, group('b3', 'không được lưu'));
        await tx.update(EngineGroup, group('b1', 'mới')); // rev 1: current, passes
        await tx.update(EngineGroup, Object.assign(group('b2', 'mới'), { rev: 5 })); // stale
        await tx.insert(EngineGroup, group('b4', 'không được lưu'));
      });
      expect(committed).toBe(false);
      expect(error).toBeInstanceOf(ConcurrentModificationError);
      expect((error as Error).message).toContain('EngineGroup b2');
      expect(await names('b')).toEqual(['b1:cũ:1', 'b2:cũ:1']);
    });

    it('names the stale write wherever it stands among the checked writes of the last flush', async () => {
      for (const id of ['e1', 'e2', 'e3', 'e4'])
        await store.transaction((tx) => tx.insert(EngineGroup, group(id, 'cũ')));
      const stale = (g: EngineGroup) => Object.assign(g, { rev: 7 });
      // The only checked write.
      const only = await outcome(async (tx) => {
        await tx.insert(EngineGroup, group('e5', 'không được lưu'));
        await tx.update(EngineGroup, stale(group('e1', 'mới')));
      });
      // The first of three, then the middle one: an earlier stale write is not hidden by later ones.
      const first = await outcome(async (tx) => {
        await tx.update(EngineGroup, stale(group('e2', 'mới')));
        await tx.update(EngineGroup, group('e3', 'mới'));
        await tx.update(EngineGroup, group('e4', 'mới'));
      });
      const middle = await outcome(async (tx) => {
        await tx.update(EngineGroup, group('e2', 'mới'));
        await tx.update(EngineGroup, stale(group('e3', 'mới')));
        await tx.update(EngineGroup, stale(group('e4', 'mới')));
      });
      // A deleted row is stale too.
      const deleted = await outcome(async (tx) => {
        await tx.update(EngineGroup, group('e2', 'mới'));
        await tx.update(EngineGroup, group('e9', 'không có'));
      });
      for (const [result, id] of [
        [only, 'e1'],
        [first, 'e2'],
        [middle, 'e3'],
        [deleted, 'e9'],
      ] as const) {
        expect(result.committed).toBe(false);
        expect(result.error).toBeInstanceOf(ConcurrentModificationError);
        expect((result.error as Error).message).toContain(`EngineGroup ${id}`);
      }
      expect(await names('e')).toEqual(['e1:cũ:1', 'e2:cũ:1', 'e3:cũ:1', 'e4:cũ:1']);
      // A clean transaction on the same connections after the failures: the notes of a failed one
      // do not make it fail (each last flush starts its notes afresh).
      await store.transaction(async (tx) => {
        await tx.update(EngineGroup, group('e1', 'mới'));
        await tx.update(EngineGroup, group('e2', 'mới'));
      });
      await store.transaction((tx) => tx.update(EngineGroup, group('e3', 'mới')));
      expect(await names('e')).toEqual(['e1:mới:2', 'e2:mới:2', 'e3:mới:2', 'e4:cũ:1']);
    });

    it('a failing statement of the last flush stops its COMMIT: the earlier flushes are rolled back too', async () => {
      await store.transaction((tx) => tx.insert(EngineGroup, group('c1', 'có rồi')));
      const { committed, error } = await outcome(async (tx) => {
        await tx.insert(EngineGroup, group('c2', 'không được lưu'));
        expect(await tx.get(EngineGroup, 'c2')).not.toBeNull(); // flushed before this read
        await tx.insert(EngineGroup, group('c3', 'không được lưu'));
        await tx.insert(EngineGroup, group('c1', 'trùng khóa'));
      });
      expect(committed).toBe(false);
      expect(error).toBeInstanceOf(ConcurrentModificationError); // duplicate key, as before
      expect(await names('c')).toEqual(['c1:có rồi:1']);
    });

    it('a COMMIT that fails (the connection lost before it) leaves nothing written', async () => {
      // The writes flushed before a read; then only the COMMIT is left, sent alone, on a dead connection.
      const alone = await outcome(async (tx) => {
        await tx.insert(EngineGroup, group('d1', 'không được lưu'));
        expect(await tx.count(EngineGroup, { id: 'd1' })).toBe(1);
        await killOpenTransaction();
      });
      expect(alone.committed).toBe(false);
      expect(alone.error).toBeTruthy();
      // The last flush carrying the COMMIT, on a dead connection.
      const carried = await outcome(async (tx) => {
        await tx.insert(EngineGroup, group('d2', 'không được lưu'));
        expect(await tx.count(EngineGroup, { id: 'd2' })).toBe(1);
        await tx.insert(EngineGroup, group('d3', 'không được lưu'));
        await killOpenTransaction();
      });
      expect(carried.committed).toBe(false);
      expect(carried.error).toBeTruthy();
      expect(await names('d')).toEqual([]);
      // The pool goes on with fresh connections.
      await store.transaction((tx) => tx.insert(EngineGroup, group('d4', 'sau')));
      expect(await names('d')).toEqual(['d4:sau:1']);
    });

    it('sends the reads a fetch names for its candidates behind its lock, in the trip that starts the transaction', async () => {
      const at = new Date('2026-01-01T00:00:00.000Z');
      const instance = (pi: string) =>
        Object.assign(new EngineExecution(), {
          ...{ id: pi, rev: 1, processInstanceId: pi, parentId: null, superProcessInstanceId: null },
          ...{ processDefinitionId: 'pd:1', processDefinitionKey: 'pd', businessKey: null, tenantId: null },
          ...{ activityId: 'w', activityInstanceId: null, startTime: at },
          ...{ isProcessInstance: true, isConcurrent: false, isActive: true },
        });
      const variable = (pi: string) =>
        Object.assign(new EngineVariable(), {
          ...{ id: `v-${pi}`, rev: 1, name: 'code', type: 'String', textValue: pi },
          ...{ executionId: pi, processInstanceId: pi, taskId: null },
        });
      const task = (id: string, pi: string, minute: number) =>
        Object.assign(new EngineExternalTask(), {
          ...{ id, rev: 1, topicName: 'along', workerId: null, lockExpirationTime: null, retries: null },
          ...{ errorMessage: null, errorDetails: null, executionId: pi, processInstanceId: pi },
          ...{ processDefinitionId: 'pd:1', processDefinitionKey: 'pd', processDefinitionVersionTag: null },
          ...{ activityId: 'w', activityInstanceId: `ai-${pi}`, priority: 0, businessKey: null },
          ...{ tenantId: null, createTime: new Date(at.getTime() + minute * 60_000), suspended: false },
        });
      await store.transaction(async (tx) => {
        for (const pi of ['pa', 'pb']) {
          await tx.insert(EngineExecution, instance(pi));
          await tx.insert(EngineVariable, variable(pi));
        }
        await tx.insert(EngineExternalTask, task('ta', 'pa', 1));
        await tx.insert(EngineExternalTask, task('tb', 'pb', 2));
      });
      const q = { topicName: 'along', now: new Date(at.getTime() + 3_600_000), limit: 2, usePriority: false };
      // The look reads each candidate's execution and process instance with its id.
      const candidates = await store.read((tx) => tx.lookForFetchableExternalTasks(q));
      expect(candidates).toEqual([
        { id: 'ta', keys: { executionId: 'pa', processInstanceId: 'pa' } },
        { id: 'tb', keys: { executionId: 'pb', processInstanceId: 'pb' } },
      ]);
      // Another transaction (another engine process's fetch) holds the first candidate.
      const holder = killer.createQueryRunner();
      await holder.startTransaction();
      try {
        await holder.query('SELECT id FROM eng_external_task WHERE id = ? FOR UPDATE', ['ta']);
        const before = store.roundTrips;
        const along: { batch?: string[]; rows?: unknown[][] } = {};
        const locked = await store.transaction((tx) =>
          tx.findFetchableExternalTasks(
            { ...q, candidates },
            {
              reads: (batch) => [
                { entity: EngineExecution, where: { id: batch.map((c) => c.keys!.executionId) } },
                {
                  entity: EngineVariable,
                  where: { processInstanceId: batch.map((c) => c.keys!.processInstanceId) },
                },
              ],
              rows: (batch, rows) => Object.assign(along, { batch: batch.map((c) => c.id), rows }),
            },
          ),
        );
        // SKIP LOCKED passed over the held one; the reads went for the whole batch (the caller
        // keeps the rows of what was locked), as entities.
        expect(locked.map((t) => t.id)).toEqual(['tb']);
        expect(along.batch).toEqual(['ta', 'tb']);
        const [executions, variables] = along.rows as [EngineExecution[], EngineVariable[]];
        expect(executions.map((e) => e.id).sort()).toEqual(['pa', 'pb']);
        expect(executions.every((e) => e instanceof EngineExecution)).toBe(true);
        expect(variables.map((v) => `${v.processInstanceId}:${v.textValue}`).sort()).toEqual([
          'pa:pa',
          'pb:pb',
        ]);
        // START TRANSACTION, the lock and both reads in one trip; the lock came back short, so the
        // candidates are read again (nothing new); COMMIT alone (nothing was written).
        expect(store.roundTrips - before).toBe(3);
      } finally {
        await holder.rollbackTransaction();
        await holder.release();
      }
    });
  },
);
