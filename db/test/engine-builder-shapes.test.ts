/**
 * The task-list query, its count and fetchAndLock's reads from texts cached per shape
 * (builder-shapes.ts) against the same queries built by TypeORM's builder each call, on real
 * databases: for a few hundred random filter/sort/paging combinations over the same rows, both
 * paths return exactly the same entities in the same order and the same counts — candidate groups
 * and users, orQueries, involved user, due dates with NULLs, every sortable field both ways,
 * firstResult/maxResults, tenants, process and task variables; for fetches every filter, priority
 * and create-time order, expired and held locks, retries, suspension. The cached path never falls
 * back to the builder for them (builderShapeStats).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import type { EntityManager } from 'typeorm';
import { builderShapeStats } from '../src/engine/builder-shapes.js';
import {
  EngineExternalTask,
  EngineIdentityLink,
  EngineTask,
  EngineVariable,
} from '../src/engine/entities.js';
import { EngineMembership } from '../src/engine/identity.entities.js';
import { EngineTx } from '../src/engine/engine-tx.js';
import type { TaskCriteria, TaskQuery, VariableCondition } from '../src/engine/task-query.js';
import type { FetchableExternalTaskQuery } from '../src/engine/work-queries.js';

const dialects = await testDatabases();

/** A small seeded generator, so a failing combination is reproducible. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const T0 = Date.parse('2026-11-01T08:00:00.000Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000);
const GROUPS = ['unit1', 'unit2', 'unit3', 'nobody'];
const USERS = ['lan', 'minh', 'hoa', 'ghost'];
const SORTS = [
  'created',
  'dueDate',
  'followUpDate',
  'priority',
  'name',
  'id',
  'assignee',
  'lastUpdated',
] as const;

describe.each(dialects)('cached task and fetch queries on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  const dialect = factory.dialect === 'sqlite' ? 'sqlite' : 'mysql';

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    const r = prng(15);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const tasks: EngineTask[] = [];
    const links: EngineIdentityLink[] = [];
    const vars: EngineVariable[] = [];
    for (let i = 0; i < 80; i++) {
      const t = ds.getMetadata(EngineTask).create() as EngineTask;
      Object.assign(t, {
        id: `task-${String(i).padStart(3, '0')}`,
        rev: 1,
        name: r() < 0.1 ? null : pick(['Thẩm định', 'Phê duyệt', 'Tiếp nhận', 'Thẩm định hồ sơ']),
        description: null,
        executionId: `ex-${i}`,
        processInstanceId: `pi-${i % 30}`,
        processDefinitionId: pick(['pd-a:1', 'pd-a:2', 'pd-b:1']),
        processDefinitionKey: pick(['pd-a', 'pd-b']),
        businessKey: r() < 0.2 ? null : `bk-${i % 7}`,
        taskDefinitionKey: pick(['review', 'approve', 'receive']),
        activityInstanceId: `ai-${i}`,
        assignee: r() < 0.5 ? null : pick(USERS),
        owner: r() < 0.8 ? null : pick(USERS),
        priority: pick([0, 50, 50, 100]),
        created: at(Math.floor(r() * 10)), // ties
        lastUpdated: r() < 0.5 ? null : at(Math.floor(r() * 10)),
        dueDate: r() < 0.3 ? null : at(24 + Math.floor(r() * 8)),
        followUpDate: r() < 0.6 ? null : at(12 + Math.floor(r() * 8)),
        formKey: null,
        formRefKey: null,
        formRefBinding: null,
        formRefVersion: null,
        suspended: r() < 0.1,
        tenantId: r() < 0.6 ? null : pick(['t1', 't2']),
        delegationState: null,
      });
      tasks.push(t);
      const groups = GROUPS.slice(0, 3).filter(() => r() < 0.35);
      for (const g of groups)
        links.push(
          Object.assign(new EngineIdentityLink(), {
            id: `l-${i}-${g}`,
            taskId: t.id,
            type: 'candidate',
            userId: null,
            groupId: g,
          }),
        );
      if (r() < 0.2)
        links.push(
          Object.assign(new EngineIdentityLink(), {
            id: `l-${i}-u`,
            taskId: t.id,
            type: 'candidate',
            userId: pick(USERS),
            groupId: null,
          }),
        );
      if (r() < 0.1)
        links.push(
          Object.assign(new EngineIdentityLink(), {
            id: `l-${i}-a`,
            taskId: t.id,
            type: 'assignee',
            userId: pick(USERS),
            groupId: null,
          }),
        );
      vars.push(
        Object.assign(new EngineVariable(), {
          id: `v-${i}`,
          rev: 1,
          name: 'kind',
          type: 'String',
          textValue: r() < 0.2 ? null : pick(['x', 'y']),
          executionId: t.executionId,
          processInstanceId: t.processInstanceId,
          taskId: null,
        }),
      );
    }
    for (let p = 0; p < 30; p++)
      vars.push(
        Object.assign(new EngineVariable(), {
          id: `pv-${p}`,
          rev: 1,
          name: 'region',
          type: 'String',
          textValue: p % 5 === 0 ? null : pick(['HN', 'HCM', 'ĐN']),
          executionId: `pi-${p}`,
          processInstanceId: `pi-${p}`,
          taskId: null,
        }),
      );
    const memberships = [
      ['hoa', 'unit1'],
      ['hoa', 'unit3'],
      ['lan', 'unit2'],
    ].map(([userId, groupId]) =>
      Object.assign(new EngineMembership(), { id: `${userId}-${groupId}`, userId, groupId }),
    );
    const externals: EngineExternalTask[] = [];
    for (let i = 0; i < 60; i++) {
      const e = ds.getMetadata(EngineExternalTask).create() as EngineExternalTask;
      Object.assign(e, {
        id: `ext-${String(i).padStart(3, '0')}`,
        rev: 1,
        topicName: pick(['check', 'check', 'notify']),
        workerId: null,
        lockExpirationTime: r() < 0.6 ? null : at(pick([-2, 5])), // expired or held at `now` = at(0)
        retries: r() < 0.5 ? null : pick([0, 1, 3]),
        errorMessage: null,
        errorDetails: null,
        executionId: `eex-${i}`,
        processInstanceId: `pi-${i % 30}`,
        processDefinitionId: pick(['pd-a:1', 'pd-a:2', 'pd-b:1']),
        processDefinitionKey: pick(['pd-a', 'pd-b']),
        processDefinitionVersionTag: r() < 0.5 ? null : pick(['v1', 'v2']),
        activityId: 'act',
        activityInstanceId: `eai-${i}`,
        priority: pick([0, 10, 10]),
        businessKey: r() < 0.3 ? null : `bk-${i % 7}`,
        tenantId: r() < 0.6 ? null : pick(['t1', 't2']),
        createTime: at(-Math.floor(r() * 6)), // ties
        suspended: r() < 0.1,
      });
      externals.push(e);
    }
    await ds.getRepository(EngineTask).insert(tasks);
    await ds.getRepository(EngineIdentityLink).insert(links);
    await ds.getRepository(EngineVariable).insert(vars);
    await ds.getRepository(EngineMembership).insert(memberships);
    await ds.getRepository(EngineExternalTask).insert(externals);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** Runs `read` through a cached-text EngineTx and a builder EngineTx in one transaction. */
  async function both<R>(
    read: (tx: EngineTx) => Promise<R>,
  ): Promise<{ cached: R; builder: R; fallbacks: number; hits: number }> {
    return ds.transaction(async (em: EntityManager) => {
      const before = builderShapeStats(ds);
      const cached = await read(new EngineTx(em, dialect, undefined, undefined, { deferWrites: false }));
      const after = builderShapeStats(ds);
      const builder = await read(
        new EngineTx(em, dialect, undefined, undefined, { deferWrites: false, builderTexts: 'builder' }),
      );
      // The builder EngineTx never asks the cache, so it moves neither figure.
      expect(builderShapeStats(ds)).toEqual(after);
      return {
        cached,
        builder,
        fallbacks: after.fallbacks - before.fallbacks,
        hits: after.cached - before.cached,
      };
    });
  }

  function criteria(r: () => number, options: { inOr: boolean }): TaskCriteria {
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const some = <T>(xs: readonly T[]) => xs.filter(() => r() < 0.5);
    const c: TaskCriteria = {};
    const chance = options.inOr ? 0.25 : 0.12;
    const maybe = (f: () => void) => {
      if (r() < chance) f();
    };
    maybe(() => (c.taskId = pick(['task-001', 'task-017', 'nope'])));
    maybe(() => (c.processInstanceId = `pi-${Math.floor(r() * 31)}`));
    maybe(() => (c.processInstanceIdIn = some(['pi-1', 'pi-2', 'pi-3', 'pi-4', 'pi-29'])));
    maybe(() => (c.processInstanceBusinessKey = `bk-${Math.floor(r() * 8)}`));
    maybe(() => (c.processDefinitionKey = pick(['pd-a', 'pd-b', 'pd-c'])));
    maybe(() => (c.processDefinitionId = pick(['pd-a:1', 'pd-b:1'])));
    maybe(() => (c.tenantIdIn = some(['t1', 't2', 't3'])));
    maybe(() => (c.withoutTenantId = true));
    maybe(() => (c.executionId = `ex-${Math.floor(r() * 80)}`));
    maybe(() => (c.assignee = pick(USERS)));
    maybe(() => (c.unassigned = true));
    maybe(() => (c.assigned = true));
    maybe(() => (c.taskDefinitionKey = pick(['review', 'approve'])));
    maybe(() => (c.taskDefinitionKeyIn = some(['review', 'approve', 'receive'])));
    if (r() < (options.inOr ? 0.5 : 0.35)) c.candidateGroups = some(GROUPS);
    if (r() < 0.2) c.candidateUser = pick(USERS);
    maybe(() => (c.includeAssignedTasks = true));
    maybe(() => (c.name = pick(['Thẩm định', 'Phê duyệt'])));
    maybe(() => (c.nameLike = pick(['Thẩm%', '%hồ sơ', '%'])));
    maybe(() => (c.dueBefore = at(24 + Math.floor(r() * 9))));
    maybe(() => (c.dueAfter = at(23 + Math.floor(r() * 9))));
    maybe(() => (c.withoutDueDate = true));
    maybe(() => (c.followUpBefore = at(12 + Math.floor(r() * 9))));
    maybe(() => (c.followUpAfter = at(11 + Math.floor(r() * 9))));
    maybe(() => (c.createdBefore = at(Math.floor(r() * 11))));
    maybe(() => (c.createdAfter = at(Math.floor(r() * 11) - 1)));
    const variable = (names: string[], values: string[]): VariableCondition => ({
      name: pick(names),
      op: pick(['eq', 'neq', 'like'] as const),
      text: r() < 0.15 ? null : pick(values),
    });
    maybe(() => (c.processVariables = [variable(['region'], ['HN', 'HCM', 'H%'])]));
    maybe(() => (c.taskVariables = [variable(['kind', 'other'], ['x', 'y', '%'])]));
    return c;
  }

  function taskQuery(seed: number): TaskQuery {
    const r = prng(seed);
    const q: TaskQuery = criteria(r, { inOr: false });
    if (r() < 0.35)
      q.orQueries = Array.from({ length: 1 + Math.floor(r() * 2) }, () => criteria(r, { inOr: true }));
    if (r() < 0.15)
      q.involvedUser = { userId: USERS[Math.floor(r() * 4)]!, groupIds: GROUPS.filter(() => r() < 0.5) };
    if (r() < 0.85) {
      q.sortBy = SORTS[Math.floor(r() * SORTS.length)];
      if (r() < 0.8) q.sortOrder = r() < 0.5 ? 'ASC' : 'DESC';
    }
    if (r() < 0.6) q.take = [1, 5, 15, 50][Math.floor(r() * 4)];
    if (r() < 0.4) q.skip = Math.floor(r() * 12);
    return q;
  }

  it('queryTasks and countTasks: the same rows in the same order, and the same count, for 300 queries', async () => {
    let nonEmpty = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const q = taskQuery(seed);
      const got = await both(async (tx) => ({ rows: await tx.queryTasks(q), count: await tx.countTasks(q) }));
      expect({ seed, q, ...got.cached }).toEqual({ seed, q, ...got.builder });
      expect({ seed, fallbacks: got.fallbacks, hits: got.hits }).toEqual({ seed, fallbacks: 0, hits: 2 });
      for (const row of got.cached.rows) expect(row).toBeInstanceOf(EngineTask);
      if (got.cached.rows.length > 1) nonEmpty += 1;
    }
    // The combinations select something often enough for the order to be compared.
    expect(nonEmpty).toBeGreaterThan(60);
  });

  it('a query pinned to tasks (task, execution, instance) answers what the unpinned query answers for them', async () => {
    // Pinned criteria probe the identity links per task row (EXISTS) instead of a semi-join.
    const column = {
      taskId: 'id',
      processInstanceId: 'processInstanceId',
      executionId: 'executionId',
    } as const;
    let nonEmpty = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const r = prng(seed * 7919);
      const { sortBy, sortOrder } = taskQuery(seed);
      // A few other criteria now and then: most combinations with a pin would select nothing.
      const q: TaskQuery = { ...(r() < 0.3 ? criteria(r, { inOr: false }) : {}), sortBy, sortOrder };
      for (const k of Object.keys(column) as (keyof typeof column)[]) delete q[k];
      delete q.candidateGroups;
      delete q.candidateUser;
      const pin = (['taskId', 'processInstanceId', 'executionId'] as const)[seed % 3]!;
      const n = Math.floor(r() * 80);
      q[pin] =
        pin === 'taskId'
          ? `task-${String(n).padStart(3, '0')}`
          : pin === 'executionId'
            ? `ex-${n}`
            : `pi-${n % 30}`;
      const kind = Math.floor(r() * 3);
      if (kind === 0) q.candidateGroups = GROUPS.filter(() => r() < 0.6);
      else if (kind === 1) q.candidateUser = USERS[Math.floor(r() * 4)];
      else q.involvedUser = { userId: USERS[Math.floor(r() * 4)]!, groupIds: GROUPS.filter(() => r() < 0.5) };
      if (r() < 0.5) q.includeAssignedTasks = true;
      const unpinned: TaskQuery = { ...q };
      delete unpinned[pin];
      // The cached path alone (the test above holds it to the builder's).
      const got = await ds.transaction(async (em: EntityManager) => {
        const tx = new EngineTx(em, dialect, undefined, undefined, { deferWrites: false });
        return {
          all: await tx.queryTasks(unpinned),
          pinned: await tx.queryTasks(q),
          count: await tx.countTasks(q),
        };
      });
      const expected = got.all.filter((t) => t[column[pin]] === q[pin]);
      expect({ seed, ids: got.pinned.map((t) => t.id) }).toEqual({ seed, ids: expected.map((t) => t.id) });
      expect({ seed, count: got.count }).toEqual({ seed, count: expected.length });
      if (expected.length > 0) nonEmpty += 1;
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('the same shape with other values reads other rows (values are bound, not part of the text)', async () => {
    const inbox = (group: string): TaskQuery => ({
      candidateGroups: [group],
      sortBy: 'dueDate',
      sortOrder: 'ASC',
      take: 50,
    });
    const ids = async (q: TaskQuery) => (await both((tx) => tx.queryTasks(q))).cached.map((t) => t.id);
    const unit1 = await ids(inbox('unit1'));
    const unit2 = await ids(inbox('unit2'));
    expect(unit1.length).toBeGreaterThan(0);
    expect(unit2.length).toBeGreaterThan(0);
    expect(unit1).not.toEqual(unit2);
    const tricky = await both((tx) => tx.queryTasks({ name: `it's ? :name -- x`, assignee: ':iuser' }));
    expect(tricky.cached).toEqual([]);
  });

  function fetchQuery(seed: number): FetchableExternalTaskQuery {
    const r = prng(seed);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const some = <T>(xs: readonly T[]) => xs.filter(() => r() < 0.5);
    const q: FetchableExternalTaskQuery = {
      topicName: pick(['check', 'notify', 'none']),
      now: at(0),
      limit: pick([1, 3, 10]),
      usePriority: r() < 0.5,
    };
    if (r() < 0.5) q.createTimeOrder = r() < 0.5 ? 'ASC' : 'DESC';
    if (r() < 0.2) q.businessKey = `bk-${Math.floor(r() * 8)}`;
    if (r() < 0.2) q.processDefinitionIds = some(['pd-a:1', 'pd-a:2', 'pd-b:1']);
    if (r() < 0.2) q.processDefinitionKeys = some(['pd-a', 'pd-b']);
    if (r() < 0.2) q.processDefinitionVersionTag = pick(['v1', 'v2']);
    if (r() < 0.15) q.withoutTenantId = true;
    else if (r() < 0.2) q.tenantIds = some(['t1', 't2']);
    if (r() < 0.2) q.processVariables = [{ name: 'region', text: r() < 0.2 ? null : pick(['HN', 'HCM']) }];
    return q;
  }

  it('fetchAndLock reads: the same candidates and the same locked tasks, for 150 fetches', async () => {
    let found = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const q = fetchQuery(seed);
      const got = await both(async (tx) => ({
        look: await tx.lookForFetchableExternalTasks(q),
        fetch: await tx.findFetchableExternalTasks(q),
      }));
      expect({ seed, q, ...got.cached }).toEqual({ seed, q, ...got.builder });
      expect({ seed, fallbacks: got.fallbacks }).toEqual({ seed, fallbacks: 0 });
      expect(got.hits).toBeGreaterThanOrEqual(2);
      for (const row of got.cached.fetch) expect(row).toBeInstanceOf(EngineExternalTask);
      if (got.cached.fetch.length > 1) found += 1;
    }
    expect(found).toBeGreaterThan(20);
  });
});
