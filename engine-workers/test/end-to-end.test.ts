import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { addWorkingDays, vietnamDate } from '@motcua/domain';
import { startEngine } from '@motcua/engine';
import { loadCatalogue } from '@motcua/processes';
import { silentLogger } from '@motcua/domain';
import { defineHandler, startWorkers, WorkerRuntime, type RunningWorkers } from '@motcua/engine-workers';

// The real engine on a real database, the real procedure deployed over REST, and the workers
// polling it with camunda-external-task-client-js: given a submitted dossier, when the receipt
// task runs, then its code and appointment land in the process and the completeness check appears.
const dialects = await testDatabases();
const entry = loadCatalogue().find((e) => e.key === 'most-chung-chi-nhan-vien-buc-xa')!;

const application = {
  fullName: 'Phạm Thu Hà',
  dateOfBirth: '1995-01-15',
  citizenId: '036195004321',
  phone: '0987654321',
  email: 'ha.pham@example.vn',
  facilityName: 'Bệnh viện K',
  radiationJob: 'su-dung-nguon-phong-xa',
  trainingCertificateNo: 'ATBX-2026-0009',
  trainingInstitution: 'Viện Khoa học và Kỹ thuật hạt nhân',
  trainingCertificateDate: '2026-03-01',
  truthfulnessCommitment: true,
};

type Typed = { value: unknown; type: string };

function typed(values: Record<string, unknown>): Record<string, Typed> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      { value: v, type: typeof v === 'boolean' ? 'Boolean' : typeof v === 'number' ? 'Integer' : 'String' },
    ]),
  );
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A one-task process for the runtime's failure path: a technical error is retried with backoff,
// then becomes an incident.
const FLAKY_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Flaky" targetNamespace="test">
  <bpmn:process id="test-flaky" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="ServiceTask_Flaky" camunda:type="external" camunda:topic="test.flaky"><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="ServiceTask_Flaky" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="ServiceTask_Flaky" targetRef="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(dialects)('workers against the embedded engine on $dialect', (factory) => {
  let db: TestDatabase;
  let engine: { url: string; close(): Promise<void> };
  let workers: RunningWorkers;

  const api = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${engine.url}${path}`, init);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const post = (path: string, body: unknown) =>
    api(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  async function start(businessKey: string, values: Record<string, unknown>): Promise<string> {
    const res = await post(`/process-definition/key/${entry.key}/start`, {
      businessKey,
      variables: typed({
        ...values,
        dossierId: businessKey,
        applicantId: 'u-congdan',
        procedureCode: '1.009846',
        channel: 2,
      }),
    });
    expect(res.status).toBe(200);
    return res.body.id as string;
  }

  beforeAll(async () => {
    db = await factory.create();
    engine = await startEngine({ dbUrl: db.url, port: 0, host: '127.0.0.1' });
    const form = new FormData();
    form.append('deployment-name', entry.key);
    form.append('deployment-source', 'engine-workers e2e');
    form.append('enable-duplicate-filtering', 'true');
    form.append(entry.bpmnFileName, new Blob([entry.bpmnXml], { type: 'text/xml' }), entry.bpmnFileName);
    for (const [id, file] of Object.entries(entry.formFileNames)) {
      form.append(file, new Blob([JSON.stringify(entry.forms[id])], { type: 'application/json' }), file);
    }
    const res = await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    workers = await startWorkers({
      engineUrl: engine.url,
      dbUrl: db.url,
      workerId: `e2e-${factory.dialect}`,
      asyncResponseTimeoutMs: 2_000,
      pollIntervalMs: 50,
      retry: { retries: 2, backoffMs: 100, maxBackoffMs: 500 },
    });
  });

  afterAll(async () => {
    await workers?.close();
    await engine?.close();
    await db?.drop();
  });

  it('assigns the dossier code and appointment date, then the completeness check appears', async () => {
    const pid = await start('dossier-e2e-1', application);
    const tasks = await waitFor('UserTask_CheckCompleteness', async () => {
      const r = await api(`/task?processInstanceId=${pid}&taskDefinitionKey=UserTask_CheckCompleteness`);
      return r.body?.length ? r.body : undefined;
    });
    expect(tasks).toHaveLength(1);
    expect(tasks[0].name).toBe('Kiểm tra tính đầy đủ, hợp lệ của hồ sơ');

    const { status, body: vars } = await api(`/process-instance/${pid}/variables`);
    expect(status).toBe(200);
    expect(vars.dossierCode.type).toBe('String');
    expect(vars.dossierCode.value).toMatch(/^G13\.ATBXHN-\d{6}-00001$/);
    expect(vars.receivedAt.type).toBe('Date');
    const receivedAt = new Date(vars.receivedAt.value);
    expect(Math.abs(Date.now() - receivedAt.getTime())).toBeLessThan(60_000);
    expect(vars.appointmentDate).toMatchObject({
      type: 'String',
      value: addWorkingDays(vietnamDate(receivedAt), 15),
    });
  });

  it('sends a dossier with missing data down the error boundary to EndEvent_Rejected', async () => {
    const { citizenId: _omitted, ...incomplete } = application;
    const pid = await start('dossier-e2e-2', incomplete);
    await waitFor('the rejected instance to end', async () => {
      const r = await api(`/process-instance/${pid}`);
      return r.status === 404 ? true : undefined;
    });
    const tasks = await api(`/task?processInstanceId=${pid}`);
    expect(tasks.body).toEqual([]);
    const ended = await api(
      `/history/activity-instance?processInstanceId=${pid}&activityId=EndEvent_Rejected`,
    );
    expect(ended.status).toBe(200);
    expect(ended.body).toHaveLength(1);
    const reason = await api(
      `/history/variable-instance?processInstanceId=${pid}&variableName=rejectionReason`,
    );
    expect(reason.body[0]?.value).toContain('Số định danh cá nhân');
  });

  it('issues the certificate number after the officers approve', async () => {
    const pid = await start('dossier-e2e-3', application);
    const completeTask = async (key: string, variables: Record<string, unknown>) => {
      const task = await waitFor(key, async () => {
        const r = await api(`/task?processInstanceId=${pid}&taskDefinitionKey=${key}`);
        return r.body?.[0];
      });
      const res = await post(`/task/${task.id}/complete`, { variables: typed(variables) });
      expect([200, 204]).toContain(res.status);
    };
    await completeTask('UserTask_CheckCompleteness', {
      complete: true,
      completenessNote: 'Đủ thành phần hồ sơ',
    });
    await completeTask('UserTask_AppraiseDossier', {
      recommendation: 'approve',
      appraisalNote: 'Đủ điều kiện',
    });
    await completeTask('UserTask_ApproveDossier', { approved: true, decisionNote: 'Đồng ý cấp' });
    await waitFor('the approved instance to end', async () => {
      const r = await api(`/process-instance/${pid}`);
      return r.status === 404 ? true : undefined;
    });
    const result = await api(`/history/variable-instance?processInstanceId=${pid}&variableName=resultNumber`);
    expect(result.body[0]?.value).toMatch(/^CCNV-\d{4}-000001$/);
    const outcome = await api(`/history/variable-instance?processInstanceId=${pid}&variableName=outcome`);
    expect(outcome.body[0]?.value).toBe('approved');
  });

  it('retries a failing handler with backoff through the real client until it becomes an incident', async () => {
    const form = new FormData();
    form.append('deployment-name', 'test-flaky');
    form.append('flaky.bpmn', new Blob([FLAKY_BPMN], { type: 'text/xml' }), 'flaky.bpmn');
    expect((await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form })).status).toBe(200);
    const started = await post('/process-definition/key/test-flaky/start', { businessKey: 'flaky-1' });
    expect(started.status).toBe(200);
    const pid = started.body.id as string;

    const attempts: (number | null)[] = [];
    const times: number[] = [];
    const runtime = new WorkerRuntime(
      [
        defineHandler('test.flaky', ({ task }) => {
          attempts.push(task.retries);
          times.push(Date.now());
          throw new Error(`trục trặc lần ${attempts.length}`);
        }),
      ],
      {
        engineUrl: engine.url,
        workerId: 'e2e-flaky',
        lockDurationMs: 10_000,
        maxTasks: 1,
        asyncResponseTimeoutMs: 1_000,
        pollIntervalMs: 50,
        retry: { retries: 3, backoffMs: 200, maxBackoffMs: 1_000 },
        logger: silentLogger,
      },
    );
    runtime.start();
    try {
      const incidents = await waitFor('an incident', async () => {
        const r = await api(`/incident?processInstanceId=${pid}`);
        return r.body?.length ? r.body : undefined;
      });
      expect(incidents[0]).toMatchObject({
        activityId: 'ServiceTask_Flaky',
        incidentType: 'failedExternalTask',
      });
      expect(incidents[0].incidentMessage).toBe('trục trặc lần 3');
      // null on the first delivery, then what the worker reported: 2, 1.
      expect(attempts).toEqual([null, 2, 1]);
      // The engine held the task back for the reported retryTimeout: 200 ms, then 400 ms.
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(190);
      expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(390);
    } finally {
      await runtime.close();
    }
  });

  it('leaves a sandbox tenant instance alone while a real dossier gets its code', async () => {
    // The studio's "chạy thử": the same procedure deployed and started under a sandbox tenant.
    const form = new FormData();
    form.append('deployment-name', `${entry.key}-sandbox`);
    form.append('tenant-id', 'motcua-sandbox');
    form.append(entry.bpmnFileName, new Blob([entry.bpmnXml], { type: 'text/xml' }), entry.bpmnFileName);
    for (const [id, file] of Object.entries(entry.formFileNames)) {
      form.append(file, new Blob([JSON.stringify(entry.forms[id])], { type: 'application/json' }), file);
    }
    const deployed = await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form });
    expect(deployed.status).toBe(200);
    const [sandboxDef] = Object.values((await deployed.json()).deployedProcessDefinitions) as {
      id: string;
    }[];
    const sandbox = await post(`/process-definition/${sandboxDef!.id}/start`, {
      businessKey: 'CHAY-THU-e2e',
      variables: typed(application),
    });
    expect(sandbox.status).toBe(200);
    expect(sandbox.body.tenantId).toBe('motcua-sandbox');

    // A real dossier started by key after the sandbox deploy runs on the tenant-less version.
    const pid = await start('dossier-e2e-after-sandbox', application);
    const real = await api(`/process-instance/${pid}`);
    expect(real.body.tenantId).toBeNull();
    expect(real.body.definitionId).not.toBe(sandboxDef!.id);
    await waitFor('the real dossier code', async () => {
      const r = await api(`/process-instance/${pid}/variables/dossierCode`);
      return r.status === 200 ? r.body : undefined;
    });
    // The workers polled past the sandbox instance: its receipt task was never locked or done.
    const waiting = await api(`/external-task?processInstanceId=${sandbox.body.id}`);
    expect(waiting.body).toHaveLength(1);
    expect(waiting.body[0]).toMatchObject({ tenantId: 'motcua-sandbox', workerId: null });
    const code = await api(`/process-instance/${sandbox.body.id}/variables/dossierCode`);
    expect(code.status).toBe(404);
  });
});
