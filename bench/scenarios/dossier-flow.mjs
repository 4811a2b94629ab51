// Scenario: the dossier life in miniature — start → external task (receipt) → user task
// (decision) → end. Measures each REST call's latency and the end-to-end throughput.
import { performance } from 'node:perf_hooks';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Bench" targetNamespace="http://motcua.vn/bench">
  <bpmn:process id="bench-dossier" isExecutable="true">
    <bpmn:startEvent id="StartEvent_Submitted"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Submitted" targetRef="ServiceTask_Receive" />
    <bpmn:serviceTask id="ServiceTask_Receive" camunda:type="external" camunda:topic="bench.receive">
      <bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="ServiceTask_Receive" targetRef="UserTask_Decide" />
    <bpmn:userTask id="UserTask_Decide" camunda:candidateGroups="bench">
      <bpmn:incoming>Flow_2</bpmn:incoming><bpmn:outgoing>Flow_3</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="Flow_3" sourceRef="UserTask_Decide" targetRef="Gateway_Approved" />
    <bpmn:exclusiveGateway id="Gateway_Approved" default="Flow_5">
      <bpmn:incoming>Flow_3</bpmn:incoming><bpmn:outgoing>Flow_4</bpmn:outgoing><bpmn:outgoing>Flow_5</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Gateway_Approved" targetRef="EndEvent_Approved">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${approved}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_5" sourceRef="Gateway_Approved" targetRef="EndEvent_Refused" />
    <bpmn:endEvent id="EndEvent_Approved"><bpmn:incoming>Flow_4</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="EndEvent_Refused"><bpmn:incoming>Flow_5</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

async function call(stats, name, url, init) {
  const t0 = performance.now();
  const res = await fetch(url, init);
  const ms = performance.now() - t0;
  (stats[name] ??= []).push(ms);
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

const json = (body) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function pool(n, concurrency, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function scenario({ engineUrl, instances, concurrency }) {
  const form = new FormData();
  form.append('deployment-name', 'bench');
  form.append('deploy-changed-only', 'true');
  form.append('data', new Blob([BPMN], { type: 'application/octet-stream' }), 'bench-dossier.bpmn');
  const dep = await fetch(`${engineUrl}/deployment/create`, { method: 'POST', body: form });
  if (!dep.ok) throw new Error(`deploy failed: ${dep.status} ${await dep.text()}`);

  const stats = {};
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  await pool(instances, concurrency, async (i) => {
    const pi = await call(
      stats,
      'start',
      `${engineUrl}/process-definition/key/bench-dossier/start`,
      json({
        businessKey: `bench-${i}`,
        variables: { applicant: { value: `Người nộp ${i}`, type: 'String' } },
      }),
    );
    const workerId = `bench-worker-${i % concurrency}`;
    let tasks = [];
    while (tasks.length === 0) {
      tasks = await call(
        stats,
        'fetchAndLock',
        `${engineUrl}/external-task/fetchAndLock`,
        json({
          workerId,
          maxTasks: 1,
          topics: [
            {
              topicName: 'bench.receive',
              lockDuration: 60000,
              businessKey: `bench-${i}`,
              variables: ['applicant'],
            },
          ],
        }),
      );
    }
    await call(
      stats,
      'external complete',
      `${engineUrl}/external-task/${tasks[0].id}/complete`,
      json({
        workerId,
        variables: { dossierCode: { value: `BENCH-${i}`, type: 'String' } },
      }),
    );
    const [task] = await call(stats, 'task query', `${engineUrl}/task?processInstanceId=${pi.id}`);
    await call(
      stats,
      'task complete',
      `${engineUrl}/task/${task.id}/complete`,
      json({
        variables: { approved: { value: i % 2 === 0, type: 'Boolean' } },
      }),
    );
  });
  const seconds = (performance.now() - t0) / 1000;

  const lines = [
    `${instances} dossiers end to end in ${seconds.toFixed(2)} s → ${(instances / seconds).toFixed(1)} dossiers/s`,
  ];
  lines.push('call                  n      p50 ms   p95 ms   p99 ms   max ms');
  for (const [name, samples] of Object.entries(stats)) {
    const s = [...samples].sort((a, b) => a - b);
    lines.push(
      `${name.padEnd(20)} ${String(s.length).padStart(5)} ${[50, 95, 99].map((p) => pct(s, p).toFixed(1).padStart(8)).join(' ')} ${s[s.length - 1].toFixed(1).padStart(8)}`,
    );
  }
  lines.push(
    `bench process RSS growth: ${((process.memoryUsage().rss - rss0) / 2 ** 20).toFixed(1)} MiB (includes an embedded engine when started here)`,
  );
  return lines;
}
