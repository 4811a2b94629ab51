// Scenario (a) of issue 15: a dossier's life — receipt (external task), completeness check,
// appraisal and decision (officers' user tasks), signing (external task) — driven by real
// camunda-external-task-client-js workers and by officers' REST calls, against any engine that
// speaks the Camunda 7 REST API. One in ten dossiers is refused at the decision (no signing).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Variables } from 'camunda-external-task-client-js';
import { CONFLICT_RETRIES, backOff, deploy, pool, timedRest } from './timed-rest.mjs';

const userTask = (id, name, next) => `
    <bpmn:userTask id="${id}" name="${name}" camunda:candidateGroups="mot-cua">
      <bpmn:incoming>To_${id}</bpmn:incoming><bpmn:outgoing>To_${next}</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="To_${next}" sourceRef="${id}" targetRef="${next}" />`;

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="Definitions_BenchDossier" targetNamespace="http://motcua.vn/bench">
  <bpmn:process id="bench-dossier-workers" isExecutable="true">
    <bpmn:startEvent id="Submitted"><bpmn:outgoing>To_Receipt</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="To_Receipt" sourceRef="Submitted" targetRef="Receipt" />
    <bpmn:serviceTask id="Receipt" name="Tiếp nhận" camunda:type="external" camunda:topic="bench.receipt">
      <bpmn:incoming>To_Receipt</bpmn:incoming><bpmn:outgoing>To_Completeness</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="To_Completeness" sourceRef="Receipt" targetRef="Completeness" />
    ${userTask('Completeness', 'Kiểm tra tính đầy đủ', 'Appraisal')}
    ${userTask('Appraisal', 'Thẩm định', 'Decision')}
    ${userTask('Decision', 'Quyết định', 'Approved')}
    <bpmn:exclusiveGateway id="Approved" default="To_Refused">
      <bpmn:incoming>To_Approved</bpmn:incoming><bpmn:outgoing>To_Signing</bpmn:outgoing><bpmn:outgoing>To_Refused</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="To_Signing" sourceRef="Approved" targetRef="Signing">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${approved}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="To_Refused" sourceRef="Approved" targetRef="Refused" />
    <bpmn:serviceTask id="Signing" name="Ký số" camunda:type="external" camunda:topic="bench.signing">
      <bpmn:incoming>To_Signing</bpmn:incoming><bpmn:outgoing>To_Returned</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="To_Returned" sourceRef="Signing" targetRef="Returned" />
    <bpmn:endEvent id="Returned"><bpmn:incoming>To_Returned</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="Refused"><bpmn:incoming>To_Refused</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

export const deployDossier = (engineUrl) => deploy(engineUrl, 'bench-dossier-workers', BPMN);

// The client's EngineError carries the engine's error type in its message.
const isConflict = (e) => String(e?.message).includes('OptimisticLockingException');

/**
 * One worker process's client on one topic. Its fetchAndLock calls are timed from the client's own
 * `poll:start` to `poll:success` events; its completes around `taskService.complete`.
 */
function startWorker({ engineUrl, topic, pollMs, longPollMs, stats, errors, handle, afterComplete }) {
  const client = new Client({
    baseUrl: engineUrl,
    workerId: `bench-${topic}`,
    maxTasks: 10,
    interval: pollMs,
    ...(longPollMs > 0 ? { asyncResponseTimeout: longPollMs } : {}),
    lockDuration: 60_000,
    autoPoll: false,
  });
  let polling = null;
  client.on('poll:start', () => (polling = performance.now()));
  client.on('poll:success', () => {
    (stats.fetchAndLock ??= []).push(performance.now() - polling);
    polling = null;
  });
  client.on('poll:error', (e) => {
    errors.push(`fetchAndLock: ${e.message}`);
    polling = null;
  });
  client.subscribe(topic, async ({ task, taskService }) => {
    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now();
      try {
        await taskService.complete(task, handle(task));
        (stats['external complete'] ??= []).push(performance.now() - t0);
        break;
      } catch (e) {
        (stats['external complete'] ??= []).push(performance.now() - t0);
        if (isConflict(e) && attempt < CONFLICT_RETRIES) {
          stats.conflicts = (stats.conflicts ?? 0) + 1;
          await backOff(attempt);
          continue;
        }
        errors.push(`external complete (try ${attempt + 1}): ${e.message}`);
        return;
      }
    }
    afterComplete?.(task);
  });
  client.start();
  return {
    async stop() {
      client.stop();
      while (polling !== null) await sleep(5); // let the last fetchAndLock land in this round
    },
  };
}

/**
 * Drives `instances` dossiers with `concurrency` officers and two workers; resolves with the
 * dossiers per second and the raw call timings (`stats`: call name → ms). With `engineUrls` (several
 * engine processes on one database, scenario (e)) each engine gets its own pair of workers and
 * officer k talks only to engine k mod n, as clients pinned to one node behind a load balancer.
 * `longPollMs` > 0: the workers long-poll (asyncResponseTimeout) as engine-workers do in production;
 * their fetchAndLock times then include the time parked.
 */
export async function dossierRound({
  engineUrl,
  engineUrls = [engineUrl],
  instances,
  concurrency,
  pollMs,
  longPollMs = 0,
  round,
  timeoutMs,
}) {
  const stats = {};
  const errors = [];
  const signed = new Map();
  const waitSigned = (pi) => {
    let entry = signed.get(pi);
    if (!entry) {
      let resolve;
      entry = { promise: new Promise((ok) => (resolve = ok)), resolve };
      signed.set(pi, entry);
    }
    return entry;
  };
  const workers = engineUrls.flatMap((engineUrl) => [
    startWorker({
      engineUrl,
      topic: 'bench.receipt',
      pollMs,
      longPollMs,
      stats,
      errors,
      handle: (task) =>
        new Variables()
          .set('dossierCode', `BENCH-${task.businessKey}`)
          .set('receivedAt', new Date())
          .set('applicantChecked', Boolean(task.variables.get('applicant'))),
    }),
    startWorker({
      engineUrl,
      topic: 'bench.signing',
      pollMs,
      longPollMs,
      stats,
      errors,
      handle: () => new Variables().set('signed', true).set('signatureSerial', 'BENCH-CA-0001'),
      afterComplete: (task) => waitSigned(task.processInstanceId).resolve(),
    }),
  ]);
  const rests = engineUrls.map((url) => timedRest(url, stats));
  const waitTask = async (rest, pi, key) => {
    for (;;) {
      const [task] = await rest.get(
        'task query',
        `/task?processInstanceId=${pi}&taskDefinitionKey=${key}&candidateGroup=mot-cua`,
      );
      if (task) return task;
      await sleep(pollMs);
    }
  };
  const officerVariables = (i) => ({
    Completeness: { complete: { value: true, type: 'Boolean' } },
    Appraisal: { appraisalNote: { value: `Hồ sơ ${i} đạt yêu cầu`, type: 'String' } },
    Decision: { approved: { value: i % 10 !== 9, type: 'Boolean' } },
  });

  const t0 = performance.now();
  const work = pool(instances, concurrency, async (i, officer) => {
    const rest = rests[officer % rests.length];
    const pi = await rest.post('start', '/process-definition/key/bench-dossier-workers/start', {
      businessKey: `${round}-${i}`,
      variables: {
        applicant: { value: `Nguyễn Văn ${i}`, type: 'String' },
        procedureCode: { value: '1.001234', type: 'String' },
      },
    });
    const done = waitSigned(pi.id);
    for (const [key, variables] of Object.entries(officerVariables(i))) {
      const task = await waitTask(rest, pi.id, key);
      await rest.post('task complete', `/task/${task.id}/complete`, { variables });
    }
    if (i % 10 !== 9) await done.promise;
  });
  work.catch(() => {}); // after a timeout the officers still running fail as the engine stops
  let timer;
  const timeout = new Promise((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`round ${round} did not finish in ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  let seconds;
  try {
    await Promise.race([work, timeout]);
    // The round ends with its last dossier, not when a worker's last (long) poll returns.
    seconds = (performance.now() - t0) / 1000;
  } finally {
    clearTimeout(timer);
    await Promise.all(workers.map((w) => w.stop()));
  }
  if (errors.length) throw new Error(`round ${round}: ${errors.length} worker errors, first: ${errors[0]}`);
  return { dossiersPerSecond: instances / seconds, seconds, stats };
}
