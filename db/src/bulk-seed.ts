/**
 * Bulk data of the engine's and the portal's shape, written straight into the tables in one
 * transaction: for the query-plan tests (enough rows for the planner to show its choice) and the
 * large-data benchmark (100 000 open tasks, a million history rows), where going through REST
 * would take hours. Rows are what the engine itself writes, minus the columns no query reads.
 * Not for production data.
 */
import type { DataSource } from 'typeorm';
import { rebuildFinishedInstanceCountSql } from './engine/finished-instance-count.js';

export interface SeedSizes {
  /** Deployed procedures (process definition keys) the instances spread over. */
  procedures: number;
  /** Candidate groups the open tasks spread over (each task has one group, every 10th two). */
  groups: number;
  /** Running process instances, each waiting in one open user task. */
  openTasks: number;
  /** Finished process instances whose history fills the history tables. */
  finishedInstances: number;
  /** History rows written per finished instance in each of actinst, varinst, detail (roughly). */
  historyPerInstance: number;
  /** Of the running instances, every n-th also waits in an external task and a timer job. */
  externalEvery: number;
}

const pad = (n: number, w = 7) => String(n).padStart(w, '0');
const BASE = Date.UTC(2026, 0, 1);
/** `YYYY-MM-DD HH:MM:SS.mmm` UTC: how TypeORM stores datetime(3) on both dialects. */
const at = (ms: number) => new Date(BASE + ms).toISOString().replace('T', ' ').replace('Z', '');

type Row = (string | number | null)[];

class Writer {
  private readonly buffers = new Map<string, { columns: string[]; rows: Row[] }>();
  rows = 0;
  constructor(
    private readonly run: (sql: string, params: unknown[]) => Promise<unknown>,
    private readonly batch: number,
  ) {}

  async add(table: string, columns: string[], row: Row): Promise<void> {
    let b = this.buffers.get(table);
    if (!b) this.buffers.set(table, (b = { columns, rows: [] }));
    b.rows.push(row);
    this.rows += 1;
    if (b.rows.length >= this.batch) await this.flushTable(table);
  }

  private async flushTable(table: string): Promise<void> {
    const b = this.buffers.get(table);
    if (!b || b.rows.length === 0) return;
    const one = `(${b.columns.map(() => '?').join(',')})`;
    const sql = `INSERT INTO ${table} (${b.columns.join(',')}) VALUES ${b.rows.map(() => one).join(',')}`;
    const params = b.rows.flat();
    b.rows = [];
    await this.run(sql, params);
  }

  async flush(): Promise<void> {
    for (const t of this.buffers.keys()) await this.flushTable(t);
  }
}

const TASK = [
  'id',
  'rev',
  'name',
  'executionId',
  'processInstanceId',
  'processDefinitionId',
  'processDefinitionKey',
  'businessKey',
  'taskDefinitionKey',
  'activityInstanceId',
  'assignee',
  'priority',
  'created',
  'dueDate',
  'suspended',
];
const LINK = ['id', 'taskId', 'type', 'userId', 'groupId'];
const EXEC = [
  'id',
  'rev',
  'processInstanceId',
  'processDefinitionId',
  'processDefinitionKey',
  'businessKey',
  'activityId',
  'isProcessInstance',
  'isConcurrent',
  'isActive',
  'startTime',
  'suspended',
];
const VAR = ['id', 'rev', 'name', 'type', 'textValue', 'executionId', 'processInstanceId'];
const EXT = [
  'id',
  'rev',
  'topicName',
  'retries',
  'executionId',
  'processInstanceId',
  'processDefinitionId',
  'processDefinitionKey',
  'activityId',
  'activityInstanceId',
  'priority',
  'businessKey',
  'createTime',
  'suspended',
];
const JOB = [
  'id',
  'rev',
  'type',
  'handlerType',
  'activityId',
  'executionId',
  'processInstanceId',
  'processDefinitionId',
  'processDefinitionKey',
  'dueDate',
  'retries',
  'suspended',
  'priority',
  'createTime',
];
const INC = [
  'id',
  'rev',
  'incidentType',
  'incidentMessage',
  'incidentTimestamp',
  'executionId',
  'processInstanceId',
  'processDefinitionId',
  'activityId',
];
const HPI = [
  'id',
  'rev',
  'businessKey',
  'processDefinitionId',
  'processDefinitionKey',
  'processDefinitionVersion',
  'startTime',
  'endTime',
  'state',
];
const HACT = [
  'id',
  'rev',
  'activityId',
  'activityType',
  'processInstanceId',
  'processDefinitionId',
  'processDefinitionKey',
  'executionId',
  'taskId',
  'assignee',
  'startTime',
  'endTime',
  'canceled',
  'completeScope',
];
const HTASK = [
  'id',
  'rev',
  'taskDefinitionKey',
  'name',
  'processInstanceId',
  'processDefinitionId',
  'processDefinitionKey',
  'executionId',
  'activityInstanceId',
  'assignee',
  'startTime',
  'endTime',
  'priority',
];
const HVAR = [
  'id',
  'rev',
  'name',
  'type',
  'textValue',
  'processInstanceId',
  'processDefinitionId',
  'processDefinitionKey',
  'executionId',
  'activityInstanceId',
  'createTime',
  'state',
];
const HDET = [
  'id',
  'variableInstanceId',
  'name',
  'type',
  'textValue',
  'processInstanceId',
  'executionId',
  'time',
  'revision',
];
const OPLOG = [
  'id',
  'operationId',
  'userId',
  'timestamp',
  'operationType',
  'entityType',
  'category',
  'processInstanceId',
  'taskId',
];
const DOSSIER = [
  'id',
  'procedure_key',
  'procedure_code',
  'applicant_id',
  'process_instance_id',
  'dossier_code',
  'status_code',
  'engine_state',
  'submitted_at',
  'channel',
  'submitted_data',
  'rev',
];
const AUDIT = ['actor', 'action', 'target', 'at'];
const DHIST = [
  'event_key',
  'dossier_id',
  'process_instance_id',
  'status_code',
  'kind',
  'text_vi',
  'actor',
  'at',
];
const NOTE = ['event_key', 'recipient_group', 'dossier_id', 'kind', 'text_vi', 'created_at'];

export const seedGroup = (g: number) => `group${pad(g, 3)}`;
export const seedProcedure = (p: number) => `procedure-${pad(p, 3)}`;
export const seedUser = (u: number) => `user${pad(u, 4)}`;

/**
 * Writes the rows (one transaction per table group; SQLite in one) and, on SQLite, ANALYZE;
 * MariaDB gets `ANALYZE TABLE` so its persistent statistics match. Returns the rows written.
 */
export async function seedBulk(
  ds: DataSource,
  s: SeedSizes,
  options: {
    batch?: number;
    /** Ids of deployed definitions, one per procedure (their keys `seedProcedure(p)`); made up if absent. */
    definitionIds?: string[];
  } = {},
): Promise<number> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  const mysql = ds.options.type === 'mysql';
  const w = new Writer((sql, params) => qr.query(sql, params), options.batch ?? (mysql ? 500 : 200));
  await qr.startTransaction();
  try {
    const def = (p: number) => options.definitionIds?.[p] ?? `${seedProcedure(p)}:1:def`;
    // ---- running instances: execution, task + candidate links, variables, history so far, dossier
    for (let i = 0; i < s.openTasks; i++) {
      const pi = `pi-${pad(i)}`;
      const p = i % s.procedures;
      const key = seedProcedure(p);
      const start = i * 1000;
      const g = i % s.groups;
      await w.add('eng_execution', EXEC, [
        pi,
        1,
        pi,
        def(p),
        key,
        `dossier-${pad(i)}`,
        'UserTask_Review',
        1,
        0,
        1,
        at(start),
        0,
      ]);
      // Every 20th task is claimed; the rest wait in their groups' inboxes.
      const assignee = i % 20 === 0 ? seedUser(i % 200) : null;
      const task = `task-${pad(i)}`;
      await w.add('eng_task', TASK, [
        task,
        1,
        'Thẩm định hồ sơ',
        pi,
        pi,
        def(p),
        key,
        `dossier-${pad(i)}`,
        `UserTask_Review${i % 3}`,
        `ai-${pad(i)}`,
        assignee,
        50 + (i % 7),
        at(start),
        at(start + ((i * 7919) % 90) * 86_400_000),
        0,
      ]);
      await w.add('eng_identity_link', LINK, [`il-${pad(i)}`, task, 'candidate', null, seedGroup(g)]);
      if (i % 10 === 0)
        await w.add('eng_identity_link', LINK, [
          `il2-${pad(i)}`,
          task,
          'candidate',
          null,
          seedGroup((g + 1) % s.groups),
        ]);
      if (i % 50 === 0)
        await w.add('eng_identity_link', LINK, [`ilu-${pad(i)}`, task, 'candidate', seedUser(i % 200), null]);
      await w.add('eng_variable', VAR, [`v1-${pad(i)}`, 1, 'dossierCode', 'String', `HS-${pad(i)}`, pi, pi]);
      await w.add('eng_variable', VAR, [
        `v2-${pad(i)}`,
        1,
        'approved',
        'Boolean',
        i % 2 ? 'true' : 'false',
        pi,
        pi,
      ]);
      await w.add('eng_hi_procinst', HPI, [
        pi,
        1,
        `dossier-${pad(i)}`,
        def(p),
        key,
        1,
        at(start),
        null,
        'ACTIVE',
      ]);
      await w.add('eng_hi_actinst', HACT, [
        `ha-${pad(i)}-s`,
        1,
        'StartEvent_Submitted',
        'startEvent',
        pi,
        def(p),
        key,
        pi,
        null,
        null,
        at(start),
        at(start),
        0,
        0,
      ]);
      await w.add('eng_hi_actinst', HACT, [
        `ha-${pad(i)}-t`,
        1,
        'UserTask_Review',
        'userTask',
        pi,
        def(p),
        key,
        pi,
        task,
        assignee,
        at(start + 1),
        null,
        0,
        0,
      ]);
      await w.add('eng_hi_taskinst', HTASK, [
        task,
        1,
        `UserTask_Review${i % 3}`,
        'Thẩm định hồ sơ',
        pi,
        def(p),
        key,
        pi,
        `ai-${pad(i)}`,
        assignee,
        at(start + 1),
        null,
        50,
      ]);
      await w.add('dossier', DOSSIER, [
        `dossier-${pad(i)}`,
        key,
        `1.00${p}`,
        `applicant-${pad(i % 5000, 5)}`,
        pi,
        `HS-${pad(i)}`,
        2,
        'started',
        at(start),
        1,
        '{}',
        1,
      ]);
      await w.add('dossier_history', DHIST, [
        `ev-${pad(i)}`,
        `dossier-${pad(i)}`,
        pi,
        2,
        'status',
        'Đã tiếp nhận',
        'system',
        at(start + 2),
      ]);
      await w.add('staff_notification', NOTE, [
        `n-${pad(i)}`,
        seedGroup(g),
        `dossier-${pad(i)}`,
        'task',
        'Hồ sơ mới',
        at(start + 3),
      ]);
      await w.add('audit_entry', AUDIT, [
        seedUser(i % 200),
        i % 3 ? 'dossier.view' : 'task.claim',
        `dossier-${pad(i)}`,
        at(start + 4),
      ]);
      if (i % s.externalEvery === 0) {
        await w.add('eng_external_task', EXT, [
          `ext-${pad(i)}`,
          1,
          `topic.${i % 10}`,
          null,
          pi,
          pi,
          def(p),
          key,
          'ServiceTask_Notify',
          `aie-${pad(i)}`,
          i % 5,
          `dossier-${pad(i)}`,
          at(start),
          0,
        ]);
        // Deadlines spread over ten years from 2026: at any date, only some are due.
        await w.add('eng_job', JOB, [
          `job-${pad(i)}`,
          1,
          'timer',
          'timer-boundary',
          'Timer_Deadline',
          pi,
          pi,
          def(p),
          key,
          at(((i * 7919) % 3650) * 86_400_000),
          3,
          0,
          0,
          at(start),
        ]);
      }
      if (i % 500 === 0)
        await w.add('eng_incident', INC, [
          `inc-${pad(i)}`,
          1,
          'failedExternalTask',
          'Không gửi được',
          at(start),
          pi,
          pi,
          def(p),
          'ServiceTask_Notify',
        ]);
    }
    // ---- finished instances: their whole history
    for (let j = 0; j < s.finishedInstances; j++) {
      const pi = `fpi-${pad(j)}`;
      const p = j % s.procedures;
      const key = seedProcedure(p);
      const start = j * 600;
      await w.add('eng_hi_procinst', HPI, [
        pi,
        1,
        `fdossier-${pad(j)}`,
        def(p),
        key,
        1,
        at(start),
        at(start + 86_400_000),
        'COMPLETED',
      ]);
      for (let k = 0; k < s.historyPerInstance; k++) {
        const activity = k === 0 ? 'StartEvent_Submitted' : `Activity_${k % 12}`;
        const isTask = k % 4 === 1;
        const task = isTask ? `ftask-${pad(j)}-${k}` : null;
        await w.add('eng_hi_actinst', HACT, [
          `fha-${pad(j)}-${pad(k, 3)}`,
          1,
          activity,
          isTask ? 'userTask' : 'serviceTask',
          pi,
          def(p),
          key,
          pi,
          task,
          isTask ? seedUser(j % 200) : null,
          at(start + k * 10),
          at(start + k * 10 + 5),
          0,
          0,
        ]);
        if (task)
          await w.add('eng_hi_taskinst', HTASK, [
            task,
            1,
            activity,
            'Xử lý',
            pi,
            def(p),
            key,
            pi,
            `fai-${pad(j)}-${k}`,
            seedUser(j % 200),
            at(start + k * 10),
            at(start + k * 10 + 5),
            50,
          ]);
        await w.add('eng_hi_varinst', HVAR, [
          `fhv-${pad(j)}-${pad(k, 3)}`,
          1,
          `field${k}`,
          'String',
          `giá trị ${k}`,
          pi,
          def(p),
          key,
          pi,
          pi,
          at(start + k * 10),
          'CREATED',
        ]);
        await w.add('eng_hi_detail', HDET, [
          `fhd-${pad(j)}-${pad(k, 3)}`,
          `fhv-${pad(j)}-${pad(k, 3)}`,
          `field${k}`,
          'String',
          `giá trị ${k}`,
          pi,
          pi,
          at(start + k * 10),
          1,
        ]);
        if (k % 3 === 0)
          await w.add('eng_hi_op_log', OPLOG, [
            `op-${pad(j)}-${pad(k, 3)}`,
            `opid-${pad(j)}`,
            seedUser(j % 200),
            at(start + k * 10),
            'Complete',
            'Task',
            'TaskWorker',
            pi,
            task,
          ]);
      }
    }
    await w.flush();
    // The history rows went in without the engine: the finished count is recounted from them.
    for (const sql of rebuildFinishedInstanceCountSql()) await qr.query(sql);
    await qr.commitTransaction();
  } catch (err) {
    await qr.rollbackTransaction();
    throw err;
  } finally {
    await qr.release();
  }
  await analyzeAll(ds);
  return w.rows;
}

/** Fresh planner statistics: SQLite `ANALYZE`; MariaDB `ANALYZE TABLE` (persistent InnoDB stats). */
export async function analyzeAll(ds: DataSource): Promise<void> {
  if (ds.options.type !== 'mysql') {
    await ds.query('ANALYZE');
    return;
  }
  const tables = (await ds.query('SHOW TABLES')) as Record<string, string>[];
  const names = tables.map((t) => Object.values(t)[0]!);
  await ds.query(`ANALYZE TABLE ${names.map((n) => `\`${n}\``).join(', ')}`);
}
