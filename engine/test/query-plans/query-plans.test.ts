/**
 * Issue 17: every list and count query keeps a plan that scales. A database of each dialect gets
 * a few thousand open tasks and their history (bulk SQL, then ANALYZE), the engine's real REST
 * app and the portal's and workers' stores run each query shape over it, every SELECT they send is
 * captured, and its plan (`EXPLAIN QUERY PLAN` / `EXPLAIN`) must read no large table whole and
 * no table per outer row except by that row's key. The planner's choice, not a time, is asserted.
 */
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { createEngineStore, EngineEventSubscription, type EngineStore } from '@motcua/db/engine';
import { createPortalStores } from '@motcua/db/portal';
import { seedBulk, seedGroup, seedProcedure, seedUser } from '@motcua/db/bulk-seed';
import { testDatabases } from '@motcua/db/testing';
import { silentLogger } from '@motcua/domain';
import { EngineCore } from '../../src/engine-core.js';
import { createRestApp } from '../../src/rest/rest-app.js';
import { systemClock } from '../../src/runtime/clock.js';
import { captureSelects, mariadbPlan, sqlitePlan, type CapturedQuery } from './plan-check.js';

const dialects = await testDatabases();

const SIZES = {
  procedures: 10,
  groups: 20,
  openTasks: 4000,
  finishedInstances: 300,
  historyPerInstance: 20,
  externalEvery: 5,
};

const G = seedGroup(3);
const U = seedUser(7);
const KEY = seedProcedure(2);
const PI = 'pi-0000042';
const FPI = 'fpi-0000042';
const DUE = '2026-02-01T00:00:00.000+0000';

/** A query shape: a REST call of the engine, or a store call of the portal/workers. */
type Shape = {
  name: string;
  /**
   * On MariaDB, the most rows any one table access may estimate: for shapes whose answer is a
   * small part of the open tasks, where a range over most of them would be no full scan yet read
   * as much (the OR of the portal's inbox read 95 % of the open tasks this way).
   */
  maxRows?: number;
} & (
  | { get: string }
  | { post: string; body: unknown }
  | { store: (s: { engine: EngineStore; ds: DataSource }) => Promise<unknown> }
);

const SHAPES: Shape[] = [
  // ---- the inbox and other task queries
  {
    name: 'inbox page by due date',
    get: `/task?candidateGroup=${G}&sortBy=dueDate&sortOrder=asc&maxResults=50`,
  },
  { name: 'inbox count', get: `/task/count?candidateGroup=${G}` },
  { name: 'inbox page unsorted', get: `/task?candidateGroup=${G}&maxResults=50` },
  // A process instance's task of a group or user (the bench harness's officers): the links are
  // probed per task row of the instance, not listed for the whole group.
  {
    name: "an instance's task of a group",
    get: `/task?processInstanceId=${PI}&candidateGroup=${G}`,
    maxRows: 50,
  },
  {
    name: "an instance's task of a group, count",
    get: `/task/count?processInstanceId=${PI}&candidateGroup=${G}`,
    maxRows: 50,
  },
  {
    name: "an instance's task of a candidate user",
    get: `/task?processInstanceId=${PI}&candidateUser=${U}`,
    maxRows: 50,
  },
  {
    name: 'several groups by created',
    get: `/task?candidateGroups=${G},${seedGroup(4)}&sortBy=created&sortOrder=desc&maxResults=50`,
  },
  { name: 'candidate user', get: `/task?candidateUser=${U}&sortBy=dueDate&sortOrder=asc&maxResults=50` },
  { name: 'candidate user count', get: `/task/count?candidateUser=${U}` },
  { name: 'assignee', get: `/task?assignee=${U}&sortBy=dueDate&sortOrder=asc&maxResults=50` },
  { name: 'assignee count', get: `/task/count?assignee=${U}` },
  {
    name: 'due before',
    get: `/task?candidateGroup=${G}&dueBefore=${encodeURIComponent(DUE)}&sortBy=dueDate&sortOrder=asc&maxResults=50`,
  },
  { name: 'process variable', get: `/task?processVariables=dossierCode_eq_HS-0000042` },
  { name: 'process instance ids', get: `/task?processInstanceIdIn=${PI},pi-0000043` },
  {
    name: 'procedure by priority',
    get: `/task?processDefinitionKey=${KEY}&sortBy=priority&sortOrder=desc&maxResults=50`,
  },
  // The portal's inbox: mine, or unassigned in my groups (a few hundred of the 4 000 open tasks).
  {
    name: 'orQueries: mine or my group',
    post: '/task?maxResults=50',
    body: {
      orQueries: [{ candidateGroups: [G], assignee: U }],
      sorting: [{ sortBy: 'dueDate', sortOrder: 'asc' }],
    },
    maxRows: 1000,
  },
  {
    name: 'orQueries: mine or my group, by created',
    post: '/task?maxResults=50',
    body: {
      orQueries: [{ candidateGroups: [G], assignee: U }],
      sorting: [{ sortBy: 'created', sortOrder: 'desc' }],
    },
    maxRows: 1000,
  },
  {
    name: 'orQueries count',
    post: '/task/count',
    body: { orQueries: [{ candidateGroups: [G], assignee: U }] },
    maxRows: 1000,
  },
  {
    name: 'orQueries: candidate user or assignee',
    post: '/task?firstResult=50&maxResults=50',
    body: {
      orQueries: [{ candidateUser: U, assignee: seedUser(8) }],
      sorting: [{ sortBy: 'priority', sortOrder: 'desc' }],
    },
    maxRows: 1000,
  },
  // The report reads every candidate link once (an index, never the table) and groups in SQL.
  { name: 'candidate group report', get: '/task/report/candidate-group-count' },
  {
    name: 'candidate user with assigned tasks, count',
    get: `/task/count?candidateUser=${U}&includeAssignedTasks=true`,
  },
  // ---- process instances
  {
    name: 'process instances of a procedure',
    get: `/process-instance?processDefinitionKey=${KEY}&maxResults=50`,
  },
  { name: 'process instance count', get: `/process-instance/count?processDefinitionKey=${KEY}` },
  { name: 'process instance by variable', get: `/process-instance?variables=dossierCode_eq_HS-0000042` },
  { name: 'process instance by business key', get: `/process-instance?businessKey=dossier-0000042` },
  // ---- external tasks and jobs
  {
    name: 'fetch and lock',
    post: '/external-task/fetchAndLock',
    body: { workerId: 'plan', maxTasks: 10, topics: [{ topicName: 'topic.5', lockDuration: 60_000 }] },
  },
  {
    name: 'fetch and lock by priority',
    post: '/external-task/fetchAndLock',
    body: {
      workerId: 'plan',
      maxTasks: 10,
      usePriority: true,
      topics: [{ topicName: 'topic.0', lockDuration: 60_000 }],
    },
  },
  { name: 'external tasks of a topic', post: '/external-task?maxResults=50', body: { topicName: 'topic.3' } },
  { name: 'external task count', get: '/external-task/count?topicName=topic.3&notLocked=true' },
  {
    name: 'job acquisition',
    store: ({ engine }) =>
      engine.transaction((tx) => tx.findAcquirableJobs(new Date(Date.UTC(2026, 1, 1)), 3)),
  },
  { name: 'jobs of an instance', get: `/job?processInstanceId=${PI}` },
  // Every ending scope and firing catch event reads its execution's subscriptions.
  {
    name: 'event subscriptions of an execution',
    store: ({ engine }) => engine.transaction((tx) => tx.find(EngineEventSubscription, { executionId: PI })),
  },
  { name: 'executable jobs', get: '/job?executable=true&maxResults=50' },
  // ---- incidents
  { name: 'incidents of an instance', get: '/incident?processInstanceId=pi-0000500' },
  { name: 'incident count', get: '/incident/count?processInstanceId=pi-0000500' },
  { name: 'historic incidents', get: '/history/incident?processInstanceId=pi-0000500' },
  // ---- history
  {
    name: 'historic instances of a procedure, newest first',
    get: `/history/process-instance?processDefinitionKey=${KEY}&sortBy=startTime&sortOrder=desc&maxResults=50`,
  },
  { name: 'historic instance count', get: `/history/process-instance/count?processDefinitionKey=${KEY}` },
  { name: 'unfinished instance count', get: '/history/process-instance/count?unfinished=true' },
  // Issue 15, scenario (d): all finished instances, and all instances, from the finished count
  // (its few rows per definition) and the unfinished ones' index.
  { name: 'finished instance count', get: '/history/process-instance/count?finished=true' },
  { name: 'instance count', get: '/history/process-instance/count' },
  // Issue 15, bench scenario (d): the studio's count of a definition's finished instances, and a
  // procedure's finished instances, newest ended first (idx_eng_hi_procinst_def_end / _key_end).
  {
    name: 'finished instance count of a definition',
    get: `/history/process-instance/count?processDefinitionId=${encodeURIComponent(`${KEY}:1:def`)}&finished=true`,
  },
  {
    name: 'finished instances of a procedure, newest ended',
    get: `/history/process-instance?processDefinitionKey=${KEY}&finished=true&sortBy=endTime&sortOrder=desc&maxResults=50`,
  },
  { name: 'historic instances by ids', get: `/history/process-instance?processInstanceIds=${PI},${FPI}` },
  { name: 'activities of an instance', get: `/history/activity-instance?processInstanceId=${FPI}` },
  {
    name: 'activities of an element, newest first',
    get: '/history/activity-instance?activityId=Activity_3&sortBy=startTime&sortOrder=desc&maxResults=200',
  },
  {
    name: 'running activities of an element',
    get: '/history/activity-instance?activityId=UserTask_Review&unfinished=true&sortBy=startTime&sortOrder=desc&maxResults=200',
  },
  { name: 'activity count', get: '/history/activity-instance/count?activityId=Activity_3' },
  { name: 'historic tasks of an instance', get: `/history/task?processInstanceId=${FPI}` },
  { name: 'finished tasks of a user', get: `/history/task?taskAssignee=${U}&finished=true&maxResults=50` },
  { name: 'historic task count of a user', get: `/history/task/count?taskAssignee=${U}` },
  {
    name: 'historic variable of an instance',
    get: `/history/variable-instance?processInstanceId=${FPI}&variableName=field3`,
  },
  {
    name: 'historic variable count',
    get: `/history/variable-instance/count?processInstanceIdIn=${FPI},fpi-0000043`,
  },
  { name: 'details of an instance', get: `/history/detail?processInstanceId=${FPI}&maxResults=50` },
  { name: 'detail count', get: `/history/detail/count?processInstanceId=${FPI}` },
  {
    name: 'operations of a user',
    get: `/history/user-operation?userId=${U}&sortBy=timestamp&sortOrder=desc&maxResults=50`,
  },
  { name: 'operation count', get: `/history/user-operation/count?userId=${U}` },
  { name: 'runtime variables of an instance', get: `/variable-instance?processInstanceIdIn=${PI}` },
  // Metric sums count over an index in the database (all the history: an index pass, never the table).
  {
    name: 'metric sum of activity starts in a window',
    get: `/metrics/activity-instance-start/sum?startDate=${encodeURIComponent(DUE)}`,
  },
  { name: 'metric sum of task workers', get: '/metrics/unique-task-workers/sum' },
  { name: 'metrics per interval', get: '/metrics?interval=900' },
  // ---- the portal's and the workers' own lists
  {
    name: 'dossiers of an applicant',
    store: ({ ds }) => createPortalStores(ds).dossiers.listByApplicant('applicant-00042'),
  },
  { name: 'dossiers without code', store: ({ ds }) => createPortalStores(ds).dossiers.listWithoutCode(50) },
  {
    name: 'audit of an action',
    store: ({ ds }) => createPortalStores(ds).audit.list({ action: 'task.claim' }, 200),
  },
  { name: 'dossier timeline', store: ({ ds }) => createPortalStores(ds).life.listHistory('dossier-0000042') },
  { name: 'group notifications', store: ({ ds }) => createPortalStores(ds).life.listNotifications([G], 50) },
  {
    name: 'dossier documents',
    store: ({ ds }) => createPortalStores(ds).life.listDocuments('dossier-0000042'),
  },
];

/**
 * Each dialect with fresh statistics; SQLite also without any (a database the engine has not
 * analyzed yet, or statistics from when it was small): the shapes must not depend on them — the
 * correlated EXISTS of issue 17 turned quadratic exactly there.
 */
const SETUPS = dialects.flatMap((factory) => [
  { factory, dialect: factory.dialect, statistics: 'analyzed' },
  ...(factory.dialect === 'sqlite' ? [{ factory, dialect: factory.dialect, statistics: 'none' }] : []),
]);

describe.each(SETUPS)('query plans on $dialect, statistics $statistics', ({ factory, statistics }) => {
  let ds: DataSource;
  let store: EngineStore;
  let server: Server;
  let url: string;
  let drop: () => Promise<void>;
  const capture = captureSelects();

  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    ds = await openDatabase({ url: db.url });
    // A candidate user with two groups (the candidateUser query reads memberships).
    await ds.query('INSERT INTO eng_membership (id, userId, groupId) VALUES (?, ?, ?), (?, ?, ?)', [
      `${U}/${G}`,
      U,
      G,
      `${U}/x`,
      U,
      seedGroup(9),
    ]);
    await seedBulk(ds, SIZES);
    if (statistics === 'none') {
      await ds.query('DELETE FROM sqlite_stat1');
      await ds.query('ANALYZE sqlite_schema'); // reloads the (now absent) statistics
    }
    ds.setOptions({ logger: capture.logger as never });
    store = createEngineStore(ds);
    const app = createRestApp(new EngineCore(store, systemClock, silentLogger), silentLogger);
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/engine-rest`;
  }, 300_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await ds?.destroy();
    await drop?.();
  });

  const run = async (shape: Shape): Promise<CapturedQuery[]> => {
    capture.take();
    if ('store' in shape) await shape.store({ engine: store, ds });
    else {
      const res =
        'get' in shape
          ? await fetch(url + shape.get)
          : await fetch(url + shape.post, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(shape.body),
            });
      if (!res.ok) throw new Error(`${shape.name}: HTTP ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
    return capture.take();
  };

  it.each(SHAPES.map((s) => [s.name, s] as const))('%s', async (_name, shape) => {
    const queries = await run(shape);
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      const verdict =
        factory.dialect === 'sqlite'
          ? await sqlitePlan(ds, q)
          : await mariadbPlan(ds, q, { maxRowsPerAccess: shape.maxRows });
      // On failure the message shows the statement and its whole plan.
      expect({ sql: q.sql, plan: verdict.plan, problems: verdict.problems }).toEqual({
        sql: q.sql,
        plan: verdict.plan,
        problems: [],
      });
    }
  });

  it('answers the inbox from the seeded data (the shapes above ran on real rows)', async () => {
    const res = await fetch(`${url}/task/count?candidateGroup=${G}`);
    const { count } = (await res.json()) as { count: number };
    // Group 3 is the first group of every 20th task from index 3 (200) and the second group of
    // every 10th task whose first is group 2 (tasks 2, 22, 42, … with i % 10 === 0: none) — minus
    // the claimed ones (i % 20 === 0: none of those either).
    expect(count).toBe(200);
  });
});
