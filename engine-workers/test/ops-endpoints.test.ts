/**
 * The workers' operations listener over real HTTP, with a real engine on each database: liveness,
 * readiness (database, migrations), `/metrics` behind its token with the tasks handled per topic
 * and outcome and the outboxes' backlog.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { openDatabase } from '@motcua/db';
import { NotificationOutboxStore } from '@motcua/db/workers';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { startWorkers, type RunningWorkers } from '@motcua/engine-workers';

jest.setTimeout(120_000);
const dialects = await testDatabases();
const TOKEN = 'workers-metrics-token-01';

// Two topics the workers serve, reached without a dossier: the receipt refuses the task (a BPMN
// error), the signing step fails (no signing key configured), and the workers count how each ended.
const model = (topic: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs_ops" targetNamespace="http://motcua.test">
  <bpmn:process id="ops-${topic.replace('.', '-')}" isExecutable="true">
    <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="receive" />
    <bpmn:serviceTask id="receive" camunda:type="external" camunda:topic="${topic}" />
    <bpmn:sequenceFlow id="f1" sourceRef="receive" targetRef="end" /><bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe.each(dialects)('workers health, readiness and metrics over HTTP on $dialect', (factory) => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let workers: RunningWorkers;
  let ops: string;
  const scrape = async () => {
    const res = await fetch(`${ops}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    db = await factory.create();
    engine = await startEngine({ dbUrl: db.url, port: 0 });
    workers = await startWorkers({
      engineUrl: engine.url,
      dbUrl: db.url,
      asyncResponseTimeoutMs: 500,
      pollIntervalMs: 50,
      historyPollMs: 0,
      retry: { retries: 0 },
      ops: { port: 0, metricsToken: TOKEN },
    });
    ops = workers.opsUrl!;
  });
  afterAll(async () => {
    await workers?.close();
    await engine?.close();
    await db?.drop();
  });

  it('is live and ready with its database and migrations', async () => {
    expect(ops).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const live = await fetch(`${ops}/health/live`);
    expect(await live.json()).toEqual({ status: 'up' });
    const ready = await fetch(`${ops}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'up', migrations: 'applied' },
    });
    expect((await fetch(`${ops}/anything-else`)).status).toBe(404);
  });

  it('keeps /metrics behind its bearer token', async () => {
    expect((await fetch(`${ops}/metrics`)).status).toBe(401);
    expect((await fetch(`${ops}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(
      401,
    );
  });

  it('counts tasks per topic and outcome, and the outboxes waiting', async () => {
    const before = await scrape();
    expect(sample(before, 'motcua_workers_outbox_waiting', 'outbox="notifications"')).toBe(0);
    expect(sample(before, 'motcua_workers_outbox_waiting', 'outbox="national-portal"')).toBe(0);

    // Two messages queued while no sender runs (no SMTP or SMS configured): both wait.
    const ds = await openDatabase({ url: db.url, migrate: false });
    const outbox = new NotificationOutboxStore(ds);
    for (const n of [1, 2])
      await outbox.queue({
        idempotencyKey: `ops-test-${n}`,
        eventKey: `ops-event-${n}`,
        kind: 'received',
        channel: 'email',
        recipientUserId: 'u1',
        recipient: 'congdan@example.vn',
        payload: {},
      });
    await ds.destroy();

    for (const topic of ['dossier.receive', 'signing.sign-result']) {
      const form = new FormData();
      form.append('deployment-name', topic);
      form.append('ops.bpmn', new Blob([model(topic)], { type: 'text/xml' }), 'ops.bpmn');
      expect((await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form })).status).toBe(
        200,
      );
      const started = await fetch(
        `${engine.url}/process-definition/key/ops-${topic.replace('.', '-')}/start`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        },
      );
      expect(started.status).toBe(200);
    }

    let text = '';
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      text = await scrape();
      if (text.includes('topic="dossier.receive"') && text.includes('topic="signing.sign-result"')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sample(text, 'motcua_workers_tasks_total', 'topic="dossier.receive",outcome="bpmn-error"')).toBe(
      1,
    );
    expect(sample(text, 'motcua_workers_tasks_total', 'topic="signing.sign-result",outcome="failed"')).toBe(
      1,
    );
    expect(
      sample(text, 'motcua_workers_tasks_total', 'topic="dossier.receive",outcome="completed"'),
    ).toBeUndefined();
    expect(sample(text, 'motcua_workers_outbox_waiting', 'outbox="notifications"')).toBe(2);
    expect(sample(text, 'motcua_workers_outbox_failed', 'outbox="notifications"')).toBe(0);
  });
});
