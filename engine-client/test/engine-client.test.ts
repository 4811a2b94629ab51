/**
 * @motcua/engine-client against a real engine over HTTP: ours on SQLite and MariaDB (with HTTP
 * Basic, as deployments run it), or — with ENGINE_URL set (and ENGINE_USER/ENGINE_PASSWORD when
 * it requires them) — a reference engine, as `npm run test:operaton` runs it. Typed values go in
 * through the client and come back through it unchanged; error answers come back as EngineErrors.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { OperationalError } from '@motcua/domain';
import { testDatabases, type TestDatabaseFactory } from '@motcua/db/testing';
import { startEngine } from '@motcua/engine';
import {
  EngineClient,
  EngineError,
  fromTypedVariables,
  typed,
  type EngineAuth,
  type VariableMapDto,
} from '@motcua/engine-client';

jest.setTimeout(120_000);

const ENGINE_URL = process.env.ENGINE_URL;
const runTag = Date.now().toString(36);
const KEY = `engine-client-${runTag}`;
const MESSAGE = `hoSoBoSung-${runTag}`;

interface Target {
  name: string;
  start(): Promise<{ url: string; auth?: EngineAuth; stop(): Promise<void> }>;
}

const envAuth = (): EngineAuth | undefined =>
  process.env.ENGINE_USER && process.env.ENGINE_PASSWORD
    ? { user: process.env.ENGINE_USER, password: process.env.ENGINE_PASSWORD }
    : undefined;

const targets: Target[] = ENGINE_URL
  ? [
      {
        name: `ENGINE_URL ${ENGINE_URL}`,
        start: async () => ({ url: ENGINE_URL, auth: envAuth(), stop: async () => {} }),
      },
    ]
  : (await testDatabases()).map((factory: TestDatabaseFactory) => ({
      name: factory.dialect,
      start: async () => {
        const db = await factory.create();
        const auth = { user: 'engine', password: 'mat-khau-dai' };
        const engine = await startEngine({ dbUrl: db.url, port: 0, auth });
        return {
          url: engine.url,
          auth,
          stop: async () => {
            await engine.close();
            await db.drop();
          },
        };
      },
    }));

const PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="Defs_client" targetNamespace="http://motcua.test">
  <bpmn:message id="Message_Supplement" name="${MESSAGE}" />
  <bpmn:process id="${KEY}" name="Thẩm định hồ sơ" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="StartEvent_Received" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Received" targetRef="UserTask_Appraise" />
    <bpmn:userTask id="UserTask_Appraise" name="Thẩm định" camunda:candidateGroups="chuyen-vien" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="UserTask_Appraise" targetRef="Event_Supplement" />
    <bpmn:intermediateCatchEvent id="Event_Supplement">
      <bpmn:messageEventDefinition messageRef="Message_Supplement" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Event_Supplement" targetRef="EndEvent_Done" />
    <bpmn:endEvent id="EndEvent_Done" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(targets)('engine client against $name', (target) => {
  let stop: () => Promise<void>;
  let client: EngineClient;
  let url: string;
  let auth: EngineAuth | undefined;
  let version: string;

  beforeAll(async () => {
    const started = await target.start();
    stop = started.stop;
    url = started.url;
    auth = started.auth;
    client = new EngineClient({ url, auth, timeoutMs: 30_000 });
    version = await client.version();
  });

  afterAll(async () => {
    await stop?.();
  });

  it('deploys a process and reads its definition and XML back', async () => {
    const deployment = await client.deploy(
      KEY,
      [{ name: `${KEY}.bpmn`, content: PROCESS, contentType: 'text/xml' }],
      {
        source: 'engine-client-test',
      },
    );
    const deployed = Object.values(deployment.deployedProcessDefinitions ?? {});
    expect(deployed.map((d) => d.key)).toEqual([KEY]);
    const latest = await client.latestDefinition(KEY);
    expect(latest).toMatchObject({ key: KEY, name: 'Thẩm định hồ sơ', deploymentId: deployment.id });
    expect(await client.definitionXml(latest.id)).toContain('UserTask_Appraise');
    const resources = await client.deploymentResources(deployment.id);
    expect(resources.map((r) => r.name)).toEqual([`${KEY}.bpmn`]);
    expect(await client.deploymentResourceText(deployment.id, resources[0]!.id)).toContain(MESSAGE);
  });

  it('round-trips typed variables of every type through a process instance', async () => {
    const at = new Date('2026-12-07T02:30:00.125Z');
    const values = {
      applicant: 'Nguyễn Thị Hồng',
      paid: true,
      pages: 12,
      fee: 1_500_000_000_000,
      ratio: 0.75,
      receivedAt: at,
      nothing: null,
    };
    const variables = {
      applicant: typed.string(values.applicant),
      paid: typed.boolean(values.paid),
      pages: typed.integer(values.pages),
      fee: typed.long(values.fee),
      ratio: typed.double(values.ratio),
      receivedAt: typed.date(values.receivedAt),
      nothing: typed.null(),
    };
    const started = await client.startByKey(KEY, `HS-${runTag}`, variables);
    const back = await client.get<VariableMapDto>(`/process-instance/${started.id}/variables`);
    expect(Object.fromEntries(Object.entries(back).map(([k, v]) => [k, v.type]))).toEqual({
      applicant: 'String',
      paid: 'Boolean',
      pages: 'Integer',
      fee: 'Long',
      ratio: 'Double',
      receivedAt: 'Date',
      nothing: 'Null',
    });
    // The engine answers the date in Camunda's format, which reads back to the same instant.
    expect(back.receivedAt!.value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/);
    expect(fromTypedVariables(back)).toEqual(values);
    const history = await client.variableHistory(started.id);
    expect(fromTypedVariables(history)).toEqual(values);
  });

  it('round-trips a Json variable (our engine and Camunda 7; Operaton 1.0.3 has no JSON format)', async () => {
    if (!/^7\./.test(version)) return;
    const started = await client.startByKey(KEY, `HS-J-${runTag}`, {
      dossier: typed.json({ code: '000.00.00.H01-261207-00001', documents: ['don.pdf'], fee: 500000 }),
    });
    const back = await client.get<VariableMapDto>(`/process-instance/${started.id}/variables`);
    expect(back.dossier!.type).toBe('Json');
    expect(fromTypedVariables(back).dossier).toEqual({
      code: '000.00.00.H01-261207-00001',
      documents: ['don.pdf'],
      fee: 500000,
    });
  });

  it('stores a File variable and reads its bytes back', async () => {
    const [instance] = await client.processInstances({ businessKey: `HS-${runTag}` });
    const content = Buffer.from('%PDF-1.7\n% kết quả giải quyết\n', 'utf8');
    await client.setFileVariable(instance!.id, 'resultDocument', {
      content,
      filename: 'ket-qua.pdf',
      mimeType: 'application/pdf',
    });
    const file = await client.fileVariable(instance!.id, 'resultDocument');
    expect(file).toEqual({ content, filename: 'ket-qua.pdf', mimeType: 'application/pdf' });
    expect(await client.fileVariable(instance!.id, 'applicant')).toBeNull();
  });

  it('queries, claims and completes a task, correlates the message, and reads the history', async () => {
    const [instance] = await client.processInstances({ businessKey: `HS-${runTag}` });
    const id = instance!.id;
    const [task] = await client.tasks({ processInstanceId: id });
    expect(task).toMatchObject({ taskDefinitionKey: 'UserTask_Appraise', name: 'Thẩm định', assignee: null });
    expect(await client.countTasks({ candidateGroups: ['chuyen-vien'], processInstanceIdIn: [id] })).toBe(1);
    await client.claim(task!.id, 'chuyenvien1');
    expect((await client.task(task!.id)).assignee).toBe('chuyenvien1');
    await client.complete(task!.id, { decision: typed.string('dat') });
    const tree = await client.activityInstances(id);
    expect(tree.childActivityInstances.map((a) => a.activityId)).toEqual(['Event_Supplement']);
    await client.correlate(MESSAGE, `HS-${runTag}`, { supplemented: typed.boolean(true) });
    expect((await client.historicProcessInstance(id)).state).toBe('COMPLETED');
    const [done] = await client.finishedTasks(id);
    expect(done).toMatchObject({ taskDefinitionKey: 'UserTask_Appraise', assignee: 'chuyenvien1' });
    const activities = await client.activityHistory(id);
    expect(activities.map((a) => a.activityId)).toEqual(
      expect.arrayContaining([
        'StartEvent_Received',
        'UserTask_Appraise',
        'Event_Supplement',
        'EndEvent_Done',
      ]),
    );
    const updates = await client.variableUpdates(id);
    expect(updates.find((u) => u.variableName === 'decision')).toMatchObject({
      value: 'dat',
      variableType: 'String',
    });
  });

  it('decodes the engine’s error answers into EngineErrors with Camunda’s type', async () => {
    const missing = await client.task('no-such-task').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(EngineError);
    expect(missing).toMatchObject({ status: 404, type: 'InvalidRequestException' });
    expect((missing as EngineError).message).toMatch(
      /^GET \/task\/no-such-task → 404 InvalidRequestException: /,
    );

    const nothingWaits = await client.correlate(MESSAGE, 'no-such-dossier', {}).catch((e: unknown) => e);
    expect(nothingWaits).toBeInstanceOf(EngineError);
    expect((nothingWaits as EngineError).status).toBe(400);
    expect((nothingWaits as EngineError).engineMessage).toContain(MESSAGE);

    const badType = await client
      .startByKey(KEY, `HS-X-${runTag}`, { x: { value: 'x', type: 'NoSuchType' } })
      .catch((e: unknown) => e);
    expect(badType).toMatchObject({ status: 400, type: 'InvalidRequestException' });
  });

  it('sends HTTP Basic credentials, and says so when the engine refuses or wants them', async () => {
    if (!auth) return;
    const without = await new EngineClient({ url }).version().catch((e: unknown) => e);
    expect(without).toMatchObject({ status: 401 });
    expect((without as Error).message).toContain('the engine requires authentication');
    const wrong = await new EngineClient({ url, auth: { user: auth.user, password: 'sai' } })
      .version()
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ status: 401 });
    expect((wrong as Error).message).toContain('the engine refused ENGINE_USER/ENGINE_PASSWORD');
    expect(await new EngineClient({ url, auth: { user: auth.user, password: 'sai' } }).isUp()).toBe(false);
    expect(await client.isUp()).toBe(true);
  });

  it('reports an engine it cannot reach as an OperationalError (retry later)', async () => {
    const down = await new EngineClient({ url: 'http://127.0.0.1:9/engine-rest', timeoutMs: 2_000 })
      .version()
      .catch((e: unknown) => e);
    expect(down).toBeInstanceOf(OperationalError);
    expect((down as Error).message).toContain(
      'Engine unreachable at http://127.0.0.1:9/engine-rest (GET /version)',
    );
  });
});
