// The rows of scenarios (c) and (d) of issue 15, written by direct SQL into a database an engine has
// already created its schema in (and deployed the procedures to): ours (eng_* tables) or Camunda 7's
// schema (ACT_RU_* / ACT_HI_*, Operaton 1.0.3 and Camunda 7.24). The same rows on both — same ids,
// groups, users, dates — so the same REST query returns the same count on every engine.
//
// Going through REST would take hours at these sizes; row by row from JavaScript minutes. Every table
// is filled by `INSERT … SELECT` over a number sequence inside the database (MariaDB's sequence
// engine `seq_0_to_N`, a recursive CTE on SQLite), in chunks, joined with a 340-row helper table
// `bench_procdef` (procedure number → deployed definition id and key) that is dropped at the end.
//
//   open tasks (c): one process-instance execution, one task (every 20th claimed), one candidate-group
//     link (every 10th a second group) per task, spread over the procedures and groups.
//   finished instances (d): one historic process instance, four historic activity instances (start
//     event, user task, external service task, end event) and one historic task each.

export const BASE_DAY = '2026-01-01 00:00:00';
const CHUNK = 100_000;

const pad7 = (d, e) => d.pad(e, 7);
export const groupSql = (d, e, groups) => d.concat(`'group'`, d.pad(`(${e}) % ${groups}`, 3));
export const userSql = (d, e) => d.concat(`'user'`, d.pad(`(${e}) % 200`, 4));

/** SQL building blocks of a dialect: the number sequence, string and date functions. */
export const DIALECTS = {
  mysql: {
    name: 'mysql',
    /** INSERT … SELECT over seq in [from, to]. */
    insertOver: (table, columns, select, from, to) =>
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select} FROM seq_${from}_to_${to} s JOIN bench_procdef d ON d.p = s.seq % (SELECT COUNT(*) FROM bench_procdef)`,
    concat: (...parts) => `CONCAT(${parts.join(', ')})`,
    pad: (e, w) => `LPAD(${e}, ${w}, '0')`,
    /** BASE_DAY + seconds, a DATETIME. */
    time: (seconds) => `(TIMESTAMP '${BASE_DAY}' + INTERVAL (${seconds}) SECOND)`,
  },
  sqlite: {
    name: 'sqlite',
    insertOver: (table, columns, select, from, to) =>
      `WITH RECURSIVE s(seq) AS (SELECT ${from} UNION ALL SELECT seq + 1 FROM s WHERE seq < ${to}) ` +
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select} FROM s JOIN bench_procdef d ON d.p = s.seq % (SELECT COUNT(*) FROM bench_procdef)`,
    concat: (...parts) => `(${parts.join(' || ')})`,
    pad: (e, w) => `printf('%0${w}d', ${e})`,
    // The text TypeORM stores a datetime(3) as on SQLite: 'YYYY-MM-DD HH:MM:SS.SSS'.
    time: (seconds) => `strftime('%Y-%m-%d %H:%M:%f', '${BASE_DAY}', '+' || (${seconds}) || ' seconds')`,
  },
};

/** Seconds after BASE_DAY of an open task's creation and due date, and a finished instance's times. */
const created = (i) => `(${i}) * 60`;
const due = (i) => `((${i}) * 7919 % 90) * 86400 + (${i}) % 1000`;
const started = (j) => `(${j}) * 30`;

/**
 * Table fills, each `{ table, columns: {column: sql}, where? }` in terms of `s.seq` (the row number)
 * and `d.def_id` / `d.def_key` (its procedure), for one schema ('ours' or 'camunda').
 */
export function openTaskFills(schema, d, { groups }) {
  const i = 's.seq';
  const pi = d.concat(`'pi-'`, pad7(d, i));
  const task = d.concat(`'task-'`, pad7(d, i));
  const bk = d.concat(`'dossier-'`, pad7(d, i));
  const assignee = `CASE WHEN ${i} % 20 = 0 THEN ${userSql(d, i)} ELSE NULL END`;
  const group = groupSql(d, i, groups);
  const group2 = groupSql(d, `${i} + 1`, groups);
  if (schema === 'ours')
    return [
      {
        table: 'eng_execution',
        columns: {
          id: pi,
          rev: '1',
          processInstanceId: pi,
          processDefinitionId: 'd.def_id',
          processDefinitionKey: 'd.def_key',
          businessKey: bk,
          activityId: `'UserTask_Review'`,
          activityInstanceId: d.concat(`'UserTask_Review:'`, pad7(d, i)),
          isProcessInstance: '1',
          isConcurrent: '0',
          isActive: '1',
          startTime: d.time(created(i)),
          suspended: '0',
        },
      },
      {
        table: 'eng_task',
        columns: {
          id: task,
          rev: '1',
          name: `'Thẩm định hồ sơ'`,
          executionId: pi,
          processInstanceId: pi,
          processDefinitionId: 'd.def_id',
          processDefinitionKey: 'd.def_key',
          businessKey: bk,
          taskDefinitionKey: `'UserTask_Review'`,
          activityInstanceId: d.concat(`'UserTask_Review:'`, pad7(d, i)),
          assignee,
          priority: `50 + ${i} % 7`,
          created: d.time(created(i)),
          dueDate: d.time(due(i)),
          suspended: '0',
        },
      },
      {
        table: 'eng_identity_link',
        columns: { id: d.concat(`'il-'`, pad7(d, i)), taskId: task, type: `'candidate'`, groupId: group },
      },
      {
        table: 'eng_identity_link',
        columns: { id: d.concat(`'il2-'`, pad7(d, i)), taskId: task, type: `'candidate'`, groupId: group2 },
        where: `${i} % 10 = 0`,
      },
    ];
  return [
    {
      table: 'ACT_RU_EXECUTION',
      columns: {
        ID_: pi,
        REV_: '1',
        ROOT_PROC_INST_ID_: pi,
        PROC_INST_ID_: pi,
        BUSINESS_KEY_: bk,
        PROC_DEF_ID_: 'd.def_id',
        PROC_DEF_KEY_: 'd.def_key',
        ACT_ID_: `'UserTask_Review'`,
        ACT_INST_ID_: d.concat(`'UserTask_Review:'`, pad7(d, i)),
        IS_ACTIVE_: '0',
        IS_CONCURRENT_: '0',
        IS_SCOPE_: '1',
        IS_EVENT_SCOPE_: '0',
        SUSPENSION_STATE_: '1',
        // BitMaskUtil: bit 2 = "has tasks", as the engine caches it for an execution waiting in a user task.
        CACHED_ENT_STATE_: '2',
        SEQUENCE_COUNTER_: '2',
      },
    },
    {
      table: 'ACT_RU_TASK',
      columns: {
        ID_: task,
        REV_: '1',
        EXECUTION_ID_: pi,
        PROC_INST_ID_: pi,
        PROC_DEF_ID_: 'd.def_id',
        NAME_: `'Thẩm định hồ sơ'`,
        TASK_DEF_KEY_: `'UserTask_Review'`,
        ASSIGNEE_: assignee,
        PRIORITY_: `50 + ${i} % 7`,
        CREATE_TIME_: d.time(created(i)),
        LAST_UPDATED_: d.time(created(i)),
        DUE_DATE_: d.time(due(i)),
        SUSPENSION_STATE_: '1',
        TASK_STATE_: `'Created'`,
      },
    },
    {
      table: 'ACT_RU_IDENTITYLINK',
      columns: {
        ID_: d.concat(`'il-'`, pad7(d, i)),
        REV_: '1',
        GROUP_ID_: group,
        TYPE_: `'candidate'`,
        TASK_ID_: task,
      },
    },
    {
      table: 'ACT_RU_IDENTITYLINK',
      columns: {
        ID_: d.concat(`'il2-'`, pad7(d, i)),
        REV_: '1',
        GROUP_ID_: group2,
        TYPE_: `'candidate'`,
        TASK_ID_: task,
      },
      where: `${i} % 10 = 0`,
    },
  ];
}

/** The four activities of a finished instance: id, type, offset of start and end in seconds. */
const ACTIVITIES = [
  { id: 'StartEvent_Submitted', type: 'startEvent', start: '0', end: '0' },
  { id: 'UserTask_Review', type: 'userTask', start: '1', end: '86000' },
  { id: 'ServiceTask_Notify', type: 'serviceTask', start: '86000', end: 'END' },
  { id: 'EndEvent_Done', type: 'noneEndEvent', start: 'END', end: 'END' },
];

export function historyFills(schema, d) {
  const j = 's.seq';
  const pi = d.concat(`'fpi-'`, pad7(d, j));
  const task = d.concat(`'ftask-'`, pad7(d, j));
  const bk = d.concat(`'fdossier-'`, pad7(d, j));
  const user = userSql(d, j);
  // Offsets in seconds from the instance's start; END is its end (a day and 0–6 hours later).
  const off = (o) => (o === 'END' ? `86400 + (${j} % 7) * 3600` : o);
  const at = (o) => d.time(`${started(j)} + ${off(o)}`);
  const ms = (a, b) => `((${off(b)}) - (${off(a)})) * 1000`;
  const actId = (k) => d.concat(`'fha-'`, pad7(d, j), `'-${k}'`);
  if (schema === 'ours')
    return [
      {
        table: 'eng_hi_procinst',
        columns: {
          id: pi,
          rev: '1',
          businessKey: bk,
          processDefinitionId: 'd.def_id',
          processDefinitionKey: 'd.def_key',
          processDefinitionVersion: '1',
          startTime: at('0'),
          endTime: at('END'),
          startActivityId: `'StartEvent_Submitted'`,
          endActivityId: `'EndEvent_Done'`,
          state: `'COMPLETED'`,
        },
      },
      ...ACTIVITIES.map((a, k) => ({
        table: 'eng_hi_actinst',
        columns: {
          id: actId(k),
          rev: '1',
          activityId: `'${a.id}'`,
          activityType: `'${a.type}'`,
          processInstanceId: pi,
          processDefinitionId: 'd.def_id',
          processDefinitionKey: 'd.def_key',
          executionId: pi,
          taskId: a.type === 'userTask' ? task : 'NULL',
          assignee: a.type === 'userTask' ? user : 'NULL',
          startTime: at(a.start),
          endTime: at(a.end),
          canceled: '0',
          completeScope: k === 3 ? '1' : '0',
        },
      })),
      {
        table: 'eng_hi_taskinst',
        columns: {
          id: task,
          rev: '1',
          taskDefinitionKey: `'UserTask_Review'`,
          name: `'Thẩm định hồ sơ'`,
          processInstanceId: pi,
          processDefinitionId: 'd.def_id',
          processDefinitionKey: 'd.def_key',
          executionId: pi,
          activityInstanceId: actId(1),
          assignee: user,
          startTime: at('1'),
          endTime: at('86000'),
          deleteReason: `'completed'`,
          priority: '50',
          businessKey: bk,
        },
      },
    ];
  return [
    {
      table: 'ACT_HI_PROCINST',
      columns: {
        ID_: pi,
        PROC_INST_ID_: pi,
        BUSINESS_KEY_: bk,
        PROC_DEF_KEY_: 'd.def_key',
        PROC_DEF_ID_: 'd.def_id',
        START_TIME_: at('0'),
        END_TIME_: at('END'),
        DURATION_: ms('0', 'END'),
        START_ACT_ID_: `'StartEvent_Submitted'`,
        END_ACT_ID_: `'EndEvent_Done'`,
        ROOT_PROC_INST_ID_: pi,
        STATE_: `'COMPLETED'`,
      },
    },
    ...ACTIVITIES.map((a, k) => ({
      table: 'ACT_HI_ACTINST',
      columns: {
        ID_: actId(k),
        PARENT_ACT_INST_ID_: pi,
        PROC_DEF_KEY_: 'd.def_key',
        PROC_DEF_ID_: 'd.def_id',
        ROOT_PROC_INST_ID_: pi,
        PROC_INST_ID_: pi,
        EXECUTION_ID_: pi,
        ACT_ID_: `'${a.id}'`,
        TASK_ID_: a.type === 'userTask' ? task : 'NULL',
        ACT_TYPE_: `'${a.type}'`,
        ASSIGNEE_: a.type === 'userTask' ? user : 'NULL',
        START_TIME_: at(a.start),
        END_TIME_: at(a.end),
        DURATION_: ms(a.start, a.end),
        ACT_INST_STATE_: k === 3 ? '1' : '0',
        SEQUENCE_COUNTER_: String(k + 1),
      },
    })),
    {
      table: 'ACT_HI_TASKINST',
      columns: {
        ID_: task,
        TASK_DEF_KEY_: `'UserTask_Review'`,
        PROC_DEF_KEY_: 'd.def_key',
        PROC_DEF_ID_: 'd.def_id',
        ROOT_PROC_INST_ID_: pi,
        PROC_INST_ID_: pi,
        EXECUTION_ID_: pi,
        ACT_INST_ID_: actId(1),
        NAME_: `'Thẩm định hồ sơ'`,
        ASSIGNEE_: user,
        START_TIME_: at('1'),
        END_TIME_: at('86000'),
        DURATION_: ms('1', '86000'),
        DELETE_REASON_: `'completed'`,
        PRIORITY_: '50',
        TASK_STATE_: `'Completed'`,
      },
    },
  ];
}

/**
 * The statements that write `count` rows of each fill, in chunks of CHUNK sequence numbers;
 * `existing(table)` gives the table's columns (a column the schema lacks is left out, so one
 * engine version's extra column does not break another's seed).
 */
export function fillStatements(d, fills, count, existing) {
  const statements = [];
  for (const fill of fills) {
    const have = existing(fill.table);
    const columns = Object.keys(fill.columns).filter((c) => have.has(c.toLowerCase()));
    const select = columns.map((c) => fill.columns[c]).join(', ');
    for (let from = 0; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK) - 1;
      let sql = d.insertOver(fill.table, columns, select, from, to);
      if (fill.where) sql += ` WHERE ${fill.where}`;
      statements.push(sql);
    }
  }
  return statements;
}
