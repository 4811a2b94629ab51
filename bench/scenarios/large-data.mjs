// Scenario: queries at ministry scale (issue 17). The same list and count queries — the inbox,
// task filters, process instances, fetchAndLock, jobs, incidents, history lists — timed over a
// large database, p50/p95 per query, on whatever engine `engineUrl` points at.
//
// Our engine's data is written by direct SQL (`@motcua/db/bulk-seed`: through REST, 100 000
// instances and a million history rows would take hours), once per size and dialect, and reused:
// SQLite files in bench/.cache/, MariaDB databases named motcua_bench_<size>. Operaton gets its data
// through REST (starts and completions), so at a smaller size (see loadThroughRest).
import { performance } from 'node:perf_hooks';

export const procedureBpmn = (key) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${key}" targetNamespace="http://motcua.vn/bench">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_Submitted"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Submitted" targetRef="UserTask_Review" />
    <bpmn:userTask id="UserTask_Review" name="Thẩm định hồ sơ" camunda:candidateGroups="\${group}" camunda:dueDate="\${due}" camunda:priority="\${priority}">
      <bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="UserTask_Review" targetRef="ServiceTask_Notify" />
    <bpmn:serviceTask id="ServiceTask_Notify" camunda:type="external" camunda:topic="\${topic}">
      <bpmn:incoming>Flow_2</bpmn:incoming><bpmn:outgoing>Flow_3</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="Flow_3" sourceRef="ServiceTask_Notify" targetRef="EndEvent_Done" />
    <bpmn:endEvent id="EndEvent_Done"><bpmn:incoming>Flow_3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

const pad = (n, w) => String(n).padStart(w, '0');
export const group = (g) => `group${pad(g, 3)}`;
export const procedure = (p) => `procedure-${pad(p, 3)}`;
export const user = (u) => `user${pad(u, 4)}`;

const json = (body) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export async function rest(engineUrl, path, init) {
  const res = await fetch(engineUrl + path, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

/** Deploys the procedures (one BPMN each); returns their definition ids in procedure order. */
export async function deployProcedures(engineUrl, count) {
  const ids = [];
  for (let p = 0; p < count; p++) {
    const form = new FormData();
    form.append('deployment-name', `bench-${procedure(p)}`);
    form.append('enable-duplicate-filtering', 'true');
    form.append(
      'data',
      new Blob([procedureBpmn(procedure(p))], { type: 'text/xml' }),
      `${procedure(p)}.bpmn`,
    );
    await rest(engineUrl, '/deployment/create', { method: 'POST', body: form });
    const [def] = await rest(engineUrl, `/process-definition?key=${procedure(p)}&latestVersion=true`);
    ids.push(def.id);
  }
  return ids;
}

/** A user in two groups, for the candidateUser query (identity REST, on both engines). */
export async function ensureCandidateUser(engineUrl) {
  const u = user(7);
  const exists = await fetch(`${engineUrl}/user/${u}/profile`);
  if (!exists.ok)
    await rest(
      engineUrl,
      '/user/create',
      json({
        profile: { id: u, firstName: 'Cán', lastName: 'Bộ', email: `${u}@bench.vn` },
        credentials: { password: 'Bench-Passw0rd!' },
      }),
    );
  for (const g of [group(3), group(9)]) {
    const has = await fetch(`${engineUrl}/group/${g}`);
    if (!has.ok) await rest(engineUrl, '/group/create', json({ id: g, name: g, type: 'WORKFLOW' }));
    await fetch(`${engineUrl}/group/${g}/members/${u}`, { method: 'PUT' });
  }
}

async function pool(n, concurrency, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

/**
 * Operaton's data, through REST: `open` instances waiting in their user task (group, due date,
 * priority as in the SQL seed), `finished` instances run to the end (user task completed, external
 * task fetched and completed) for history, and `waiting` more left in the external task.
 */
export async function loadThroughRest(
  engineUrl,
  { procedures, groups, open, finished, waiting, concurrency = 8 },
) {
  const total = open + finished + waiting;
  const t0 = performance.now();
  await pool(total, concurrency, async (i) => {
    const p = i % procedures;
    const due = new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % 90) * 86_400_000)
      .toISOString()
      .replace('Z', '+0000');
    // Date typed, in Camunda's REST date format: both engines evaluate camunda:dueDate to it.
    const pi = await rest(
      engineUrl,
      `/process-definition/key/${procedure(p)}/start`,
      json({
        businessKey: `dossier-${pad(i, 7)}`,
        variables: {
          group: { value: group(i % groups), type: 'String' },
          due: { value: due, type: 'Date' },
          priority: { value: 50 + (i % 7), type: 'Integer' },
          topic: { value: `topic.${i % 10}`, type: 'String' },
          dossierCode: { value: `HS-${pad(i, 7)}`, type: 'String' },
          approved: { value: i % 2 === 1, type: 'Boolean' },
        },
      }),
    );
    if (i % 20 === 0 && i < open) {
      const [task] = await rest(engineUrl, `/task?processInstanceId=${pi.id}`);
      await rest(engineUrl, `/task/${task.id}/claim`, json({ userId: user(i % 200) }));
    }
    if (i >= open) {
      const [task] = await rest(engineUrl, `/task?processInstanceId=${pi.id}`);
      await rest(
        engineUrl,
        `/task/${task.id}/complete`,
        json({ variables: { decision: { value: 'ok', type: 'String' } } }),
      );
    }
    if (i >= open + waiting) {
      const worker = `loader-${i % concurrency}`;
      let locked = [];
      while (locked.length === 0)
        locked = await rest(
          engineUrl,
          '/external-task/fetchAndLock',
          json({
            workerId: worker,
            maxTasks: 1,
            topics: [
              { topicName: `topic.${i % 10}`, lockDuration: 60_000, businessKey: `dossier-${pad(i, 7)}` },
            ],
          }),
        );
      await rest(engineUrl, `/external-task/${locked[0].id}/complete`, json({ workerId: worker }));
    }
  });
  return (performance.now() - t0) / 1000;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** The queries; `ids` are sample ids found on the engine itself. */
function queries(ids) {
  const G = group(3);
  const U = user(7);
  const K = procedure(2);
  return [
    {
      name: 'inbox page (group, by due date, 50)',
      path: `/task?candidateGroup=${G}&sortBy=dueDate&sortOrder=asc&maxResults=50`,
    },
    { name: 'inbox count (group)', path: `/task/count?candidateGroup=${G}` },
    { name: 'inbox page unsorted', path: `/task?candidateGroup=${G}&maxResults=50` },
    {
      name: 'candidate user, by due date',
      path: `/task?candidateUser=${U}&sortBy=dueDate&sortOrder=asc&maxResults=50`,
    },
    { name: 'candidate user count', path: `/task/count?candidateUser=${U}` },
    {
      name: 'assignee, newest first',
      path: `/task?assignee=${ids.assignee}&sortBy=created&sortOrder=desc&maxResults=50`,
    },
    {
      name: 'orQueries: group or assignee',
      path: '/task?maxResults=50',
      body: {
        orQueries: [{ candidateGroups: [G], assignee: ids.assignee }],
        sorting: [{ sortBy: 'dueDate', sortOrder: 'asc' }],
      },
    },
    {
      name: 'task by process variable',
      path: '/task',
      body: { processVariables: [{ name: 'dossierCode', operator: 'eq', value: ids.dossierCode }] },
    },
    {
      name: 'process instances of a procedure',
      path: `/process-instance?processDefinitionKey=${K}&maxResults=50`,
    },
    { name: 'process instance count', path: `/process-instance/count?processDefinitionKey=${K}` },
    {
      name: 'fetchAndLock 10 (topic)',
      path: '/external-task/fetchAndLock',
      body: { workerId: 'bench', maxTasks: 10, topics: [{ topicName: 'topic.3', lockDuration: 1 }] },
    },
    { name: 'external task count (topic)', path: '/external-task/count?topicName=topic.3' },
    { name: 'executable jobs', path: '/job?executable=true&maxResults=50' },
    { name: 'incidents + count', path: '/incident?maxResults=50', then: '/incident/count' },
    {
      name: 'history: instances of a procedure, newest',
      path: `/history/process-instance?processDefinitionKey=${K}&sortBy=startTime&sortOrder=desc&maxResults=50`,
    },
    {
      name: 'history: instance count of a procedure',
      path: `/history/process-instance/count?processDefinitionKey=${K}`,
    },
    { name: 'history: finished instances', path: '/history/process-instance?finished=true&maxResults=50' },
    {
      name: 'history: activities of an element, newest',
      path: '/history/activity-instance?activityId=UserTask_Review&sortBy=startTime&sortOrder=desc&maxResults=200',
    },
    {
      name: 'history: activities of an instance',
      path: `/history/activity-instance?processInstanceId=${ids.finishedInstance}`,
    },
    {
      name: 'history: activity count of an element',
      path: '/history/activity-instance/count?activityId=UserTask_Review',
    },
    {
      name: 'history: finished tasks of a user',
      path: `/history/task?taskAssignee=${ids.assignee}&finished=true&maxResults=50`,
    },
    { name: 'history: task count of a user', path: `/history/task/count?taskAssignee=${ids.assignee}` },
    {
      name: 'history: variables of an instance',
      path: `/history/variable-instance?processInstanceId=${ids.finishedInstance}`,
    },
    {
      name: 'history: details of an instance',
      path: `/history/detail?processInstanceId=${ids.finishedInstance}&maxResults=50`,
    },
    {
      name: 'history: user operations, newest',
      path: '/history/user-operation?sortBy=timestamp&sortOrder=desc&maxResults=50',
    },
    { name: 'history: user operation count', path: '/history/user-operation/count' },
  ];
}

/** Sample ids found on the engine, so the same queries run on ours and on Operaton. */
export async function sampleIds(engineUrl) {
  const [open] = await rest(engineUrl, `/task?candidateGroup=${group(3)}&maxResults=1`);
  const dossierCode = (
    await rest(engineUrl, `/process-instance/${open.processInstanceId}/variables/dossierCode`)
  ).value;
  const [assigned] = await rest(engineUrl, '/task?assigned=true&maxResults=1');
  const [fin] = await rest(engineUrl, '/history/process-instance?finished=true&maxResults=1');
  return { dossierCode, assignee: assigned?.assignee ?? user(0), finishedInstance: fin?.id ?? 'none' };
}

/** Times each query `rounds` times after a warm-up; "inbox page + count" is the pair back to back. */
export async function measure(engineUrl, { rounds = 30, only } = {}) {
  const ids = await sampleIds(engineUrl);
  // `only`: names to time (the inbox pair always), e.g. for a slow engine measured at few rounds.
  const list = queries(ids).filter((q, i) => i < 2 || !only || only.some((o) => q.name.includes(o)));
  const samples = new Map();
  const once = async (q) => {
    const t0 = performance.now();
    await rest(engineUrl, q.path, q.body ? json(q.body) : undefined);
    if (q.then) await rest(engineUrl, q.then);
    return performance.now() - t0;
  };
  for (const q of list) await once(q); // warm-up: JIT, caches, prepared statements
  for (let r = 0; r < rounds; r++) {
    for (const q of list) {
      const ms = await once(q);
      samples.set(q.name, [...(samples.get(q.name) ?? []), ms]);
    }
    const page = samples.get(list[0].name).at(-1);
    const count = samples.get(list[1].name).at(-1);
    samples.set('INBOX page + count', [...(samples.get('INBOX page + count') ?? []), page + count]);
  }
  return Object.fromEntries(
    [...samples.entries()].map(([name, s]) => {
      const sorted = [...s].sort((a, b) => a - b);
      return [name, { p50: pct(sorted, 50), p95: pct(sorted, 95) }];
    }),
  );
}

export function table(columns, rows) {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.results)))];
  const lines = [
    `| query | ${columns.map((c) => `${c} p50 / p95 ms`).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
  ];
  for (const name of names)
    lines.push(
      `| ${name} | ${columns
        .map((c) => {
          const r = rows.find((x) => x.label === c)?.results[name];
          return r ? `${r.p50.toFixed(1)} / ${r.p95.toFixed(1)}` : '—';
        })
        .join(' | ')} |`,
    );
  return lines;
}
