/**
 * Contract test: the real camunda-external-task-client-js 3.1.0 (the library our workers use)
 * against our engine over HTTP, with long polling. If the engine's responses drift from Camunda's
 * (content type, DTO fields, status codes), the client stops working and this test fails.
 */
import { describe, expect, it, beforeAll, afterEach, jest } from '@jest/globals';
import { Client, Variables } from 'camunda-external-task-client-js';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();
jest.setTimeout(30_000);

/** One process (and topic) per test, so a stopped client's parked poll never takes another test's task. */
const contractProcess = (n: number) =>
  bpmn(
    `contract${n}`,
    `<bpmn:startEvent id="start" />${flow('f0', 'start', 'receive')}
   <bpmn:serviceTask id="receive" camunda:type="external" camunda:topic="contract.receive.${n}" />
   <bpmn:boundaryEvent id="rejected" attachedToRef="receive"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:boundaryEvent>
   ${flow('f1', 'receive', 'gw')}<bpmn:exclusiveGateway id="gw" />
   ${flow('fBig', 'gw', 'review', '${total > 100 && urgent}')}${flow('fSmall', 'gw', 'endAuto', '${total <= 100 || !urgent}')}
   <bpmn:userTask id="review" />${flow('f2', 'review', 'endReviewed')}
   <bpmn:endEvent id="endReviewed" /><bpmn:endEvent id="endAuto" />
   ${flow('f3', 'rejected', 'endRejected')}<bpmn:endEvent id="endRejected" />`,
    '<bpmn:error id="Err" errorCode="DOSSIER_REJECTED" />',
  );

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(dialects)('camunda-external-task-client-js against the engine on $dialect', (factory) => {
  const h = useEngine(factory);
  let client: Client | null = null;
  beforeAll(async () => {
    await h.api.ok(
      h.api.deploy(Object.fromEntries([1, 2, 3, 4].map((n) => [`contract${n}.bpmn`, contractProcess(n)]))),
    );
  });
  afterEach(() => {
    client?.stop();
    client = null;
  });

  const newClient = () => {
    // No `use: logger`: the client stays silent. Long polling keeps the test quick and quiet.
    client = new Client({
      baseUrl: h.engine.url,
      workerId: 'contract-worker',
      asyncResponseTimeout: 5000,
      interval: 50,
      lockDuration: 60_000,
    });
    return client;
  };
  const historic = (pi: string) => h.api.ok(h.api.get(`/history/process-instance/${pi}`));
  const endedAt = async (pi: string) => {
    const acts = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi}&activityType=noneEndEvent`),
    );
    return acts.map((a: { activityId: string }) => a.activityId);
  };

  it('subscribes, reads typed variables and completes with variables of every auto-detected type', async () => {
    const seen: Record<string, unknown> = {};
    newClient().subscribe('contract.receive.1', async ({ task, taskService }) => {
      seen.applicant = task.variables.get('applicant');
      seen.amount = task.variables.get('amount');
      seen.topic = task.topicName;
      const vars = new Variables()
        .set('total', 250)
        .set('urgent', true)
        .set('dossierCode', 'ATBXHN-261127-00001')
        .set('receivedAt', new Date('2026-11-27T03:00:00.000Z'))
        .set('meta', { pages: 3, files: ['a.pdf'] })
        .set('big', 2 ** 40)
        .set('ratio', 0.25);
      await taskService.complete(task, vars);
    });
    const pi = await h.api.ok(
      h.api.post('/process-definition/key/contract1/start', {
        businessKey: 'client-1',
        variables: {
          applicant: { value: 'Trần Thị B', type: 'String' },
          amount: { value: 12, type: 'Long' },
        },
      }),
    );
    const [task] = await until('the review task', async () => {
      const t = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
      return t.length ? t : null;
    });
    expect(task.taskDefinitionKey).toBe('review');
    expect(seen).toEqual({ applicant: 'Trần Thị B', amount: 12, topic: 'contract.receive.1' });
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(vars.total).toEqual({ value: 250, type: 'Integer', valueInfo: {} });
    expect(vars.urgent).toEqual({ value: true, type: 'Boolean', valueInfo: {} });
    expect(vars.dossierCode).toEqual({ value: 'ATBXHN-261127-00001', type: 'String', valueInfo: {} });
    expect(vars.receivedAt).toEqual({ value: '2026-11-27T03:00:00.000+0000', type: 'Date', valueInfo: {} });
    expect(vars.meta.type).toBe('Json');
    expect(JSON.parse(vars.meta.value)).toEqual({ pages: 3, files: ['a.pdf'] });
    expect(vars.big).toEqual({ value: 2 ** 40, type: 'Long', valueInfo: {} });
    expect(vars.ratio).toEqual({ value: 0.25, type: 'Double', valueInfo: {} });
  });

  it('is woken from a long poll when the task is created, and routes by the variables it set', async () => {
    let handled = 0;
    newClient().subscribe('contract.receive.2', async ({ task, taskService }) => {
      handled++;
      await taskService.complete(task, new Variables().setAll({ total: 5, urgent: false }));
    });
    await new Promise((r) => setTimeout(r, 200)); // the client is now parked in a long poll
    const pi = await h.api.ok(
      h.api.post('/process-definition/key/contract2/start', { businessKey: 'client-2' }),
    );
    const hist = await until(
      'the instance to end',
      async () => ((await historic(pi.id)).state === 'COMPLETED' ? historic(pi.id) : null),
      3000,
    );
    expect(hist.state).toBe('COMPLETED');
    expect(await endedAt(pi.id)).toEqual(['endAuto']);
    expect(handled).toBe(1);
  });

  it('handleBpmnError reaches the error boundary event', async () => {
    newClient().subscribe('contract.receive.3', async ({ task, taskService }) => {
      await taskService.handleBpmnError(
        task,
        'DOSSIER_REJECTED',
        'Thủ tục tạm dừng',
        new Variables().set('rejectionReason', 'paused'),
      );
    });
    const pi = await h.api.ok(
      h.api.post('/process-definition/key/contract3/start', { businessKey: 'client-3' }),
    );
    await until('the instance to end', async () => (await historic(pi.id)).state === 'COMPLETED');
    expect(await endedAt(pi.id)).toEqual(['endRejected']);
    const [reason] = await h.api.ok(
      h.api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=rejectionReason`),
    );
    expect(reason.value).toBe('paused');
  });

  it('handleFailure with no retries left opens an incident; extendLock is accepted', async () => {
    let extended = false;
    newClient().subscribe('contract.receive.4', async ({ task, taskService }) => {
      await taskService.extendLock(task, 30_000);
      extended = true;
      await taskService.handleFailure(task, {
        errorMessage: 'Cổng thanh toán lỗi',
        errorDetails: 'HTTP 503',
        retries: 0,
        retryTimeout: 0,
      });
    });
    const pi = await h.api.ok(
      h.api.post('/process-definition/key/contract4/start', { businessKey: 'client-4' }),
    );
    const [incident] = await until('an incident', async () => {
      const list = await h.api.ok(h.api.get(`/incident?processInstanceId=${pi.id}`));
      return list.length ? list : null;
    });
    expect(incident).toMatchObject({
      incidentType: 'failedExternalTask',
      incidentMessage: 'Cổng thanh toán lỗi',
    });
    expect(extended).toBe(true);
  });
});
