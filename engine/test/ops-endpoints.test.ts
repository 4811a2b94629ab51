import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { bpmn, flow } from './rest-client.js';
import { T0 } from './harness.js';

const dialects = await testDatabases();
const TOKEN = 'metrics-token-0123456789';
const ADMIN = { user: 'ops-admin', password: 'ops-admin-password' };
const basic = `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`;

// An external task (fetched, completed or failed into an incident), an async continuation before a
// user task (a job that runs) and one before a user task whose start listener fails (a job that fails).
const model = bpmn(
  'opsMetrics',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'work')}
   <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="ops.work" />${flow('f1', 'work', 'later')}
   <bpmn:userTask id="later" camunda:asyncBefore="true" />${flow('f2', 'later', 'broken')}
   <bpmn:userTask id="broken" camunda:asyncBefore="true">
     <bpmn:extensionElements><camunda:executionListener event="start" expression="\${missingBean.run()}" /></bpmn:extensionElements>
   </bpmn:userTask>${flow('f3', 'broken', 'end')}
   <bpmn:endEvent id="end" />`,
);

/** One sample's value from the Prometheus text format (labels given in the order printed). */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe.each(dialects)('engine health, readiness and metrics over HTTP on $dialect', (factory) => {
  let engine: RunningEngine;
  let base: string;
  let drop: () => Promise<void>;
  const rest = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${engine.url}${path}`, {
      method,
      headers: {
        authorization: basic,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const scrape = async () => {
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text();
  };

  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    engine = await startEngine({
      dbUrl: db.url,
      port: 0,
      clock: new TestClock(T0),
      security: { auth: 'basic', admin: ADMIN },
      metrics: { token: TOKEN },
    });
    base = engine.url.replace(/\/engine-rest$/, '');
  });
  afterAll(async () => {
    await engine?.close();
    await drop?.();
  });

  it('answers liveness and readiness without credentials, while the REST API still wants them', async () => {
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'up' });
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'up', migrations: 'applied' },
    });
    expect((await fetch(`${engine.url}/engine`)).status).toBe(401);
    expect((await fetch(`${base}/health/ready`, { method: 'POST' })).status).toBe(405);
  });

  it('keeps /metrics behind its bearer token', async () => {
    const none = await fetch(`${base}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(
      (await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } }))
        .status,
    ).toBe(401);
    // The engine administrator's Basic credentials are not the metrics token.
    expect((await fetch(`${base}/metrics`, { headers: { authorization: basic } })).status).toBe(401);
  });

  it('counts requests by route template, commands, jobs, external tasks and open incidents', async () => {
    const form = new FormData();
    form.append('deployment-name', 'ops');
    form.append('ops.bpmn', new Blob([model], { type: 'text/xml' }), 'ops.bpmn');
    const deployed = await fetch(`${engine.url}/deployment/create`, {
      method: 'POST',
      headers: { authorization: basic, 'x-request-id': 'lb-req-42' },
      body: form,
    });
    expect([deployed.status, deployed.status === 200 ? '' : await deployed.text()]).toEqual([200, '']);
    expect(deployed.headers.get('x-request-id')).toBe('lb-req-42');

    const before = await scrape();
    expect(sample(before, 'motcua_engine_open_incidents')).toBe(0);

    for (let i = 0; i < 2; i++)
      expect((await rest('POST', '/process-definition/key/opsMetrics/start', {})).status).toBe(200);
    const fetched = await rest('POST', '/external-task/fetchAndLock', {
      workerId: 'w1',
      maxTasks: 5,
      topics: [{ topicName: 'ops.work', lockDuration: 60_000 }],
    });
    expect(fetched.body).toHaveLength(2);
    const [first, second] = fetched.body as { id: string }[];
    expect((await rest('POST', `/external-task/${first!.id}/complete`, { workerId: 'w1' })).status).toBe(204);
    expect(
      (
        await rest('POST', `/external-task/${second!.id}/failure`, {
          workerId: 'w1',
          errorMessage: 'down',
          retries: 0,
        })
      ).status,
    ).toBe(204);
    // The completed task's instance now waits on the async continuation before `later`.
    const ran = await engine.jobs.runDue();
    expect(ran).toEqual({ executed: 1, failed: 0 });
    const task = (await rest('GET', '/task?processDefinitionKey=opsMetrics')).body as { id: string }[];
    expect(task).toHaveLength(1);
    expect((await rest('POST', `/task/${task[0]!.id}/complete`, {})).status).toBe(204);
    // Without a retry cycle the job is retried at once until its retries are spent: an incident.
    const failing = await engine.jobs.runDue();
    expect(failing.executed).toBe(0);
    expect(failing.failed).toBe(3);

    const text = await scrape();
    expect(sample(text, 'motcua_engine_external_tasks_fetched_total', 'topic="ops.work"')).toBe(2);
    expect(sample(text, 'motcua_engine_external_tasks_completed_total', 'topic="ops.work"')).toBe(1);
    expect(sample(text, 'motcua_engine_jobs_total', 'outcome="executed"')).toBe(1);
    expect(sample(text, 'motcua_engine_jobs_total', 'outcome="failed"')).toBe(3);
    expect(sample(text, 'motcua_engine_open_incidents')).toBe(2);
    expect(sample(text, 'motcua_engine_commands_total', 'outcome="committed"')).toBeGreaterThanOrEqual(6);
    // Route templates, not raw paths: every task id lands in the one series.
    expect(
      sample(
        text,
        'motcua_engine_http_request_duration_seconds_count',
        'method="POST",route="/engine-rest/external-task/{id}/complete",status="204"',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'motcua_engine_http_request_duration_seconds_count',
        'method="POST",route="/engine-rest/task/{id}/complete",status="204"',
      ),
    ).toBe(1);
    expect(text).not.toContain(first!.id);
  });
});

describe('engine /metrics without a token', () => {
  it('answers 404: metrics are off unless a token is configured', async () => {
    const [factory] = dialects;
    const db = await factory!.create();
    const engine = await startEngine({ dbUrl: db.url, port: 0, clock: new TestClock(T0) });
    try {
      const base = engine.url.replace(/\/engine-rest$/, '');
      expect((await fetch(`${base}/metrics`)).status).toBe(404);
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    } finally {
      await engine.close();
      await db.drop();
    }
  });
});
