/**
 * The history follower records a dossier's statuses in the order they happened, even when the
 * dossier moves on while one pass is reading the engine's history element by element. The race
 * is made deterministic with a small HTTP proxy in front of the real engine: it holds the read of
 * the later element until the test has driven the instance through both elements, so the pass
 * has already read the earlier element (empty then) and sees only the later one.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { DossierLifeStore } from '@motcua/db/workers';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { silentLogger } from '@motcua/domain';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { EngineClient } from '@motcua/engine-client';
import { HistoryFollower } from '@motcua/engine-workers';

const dialects = await testDatabases();
jest.setTimeout(60_000);

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://motcua.test">
  <bpmn:process id="follower_order" isExecutable="true" camunda:historyTimeToLive="P30D">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
    <bpmn:userTask id="Wait" />
    <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="Earlier" />
    <bpmn:userTask id="Earlier" />
    <bpmn:sequenceFlow id="f3" sourceRef="Earlier" targetRef="Later" />
    <bpmn:endEvent id="Later" />
  </bpmn:process>
</bpmn:definitions>`;

const EVENTS = {
  Earlier: { statusCode: 4 as const, kind: 'in-process', textVi: 'Trình lãnh đạo phê duyệt.' },
  Later: { statusCode: 8 as const, kind: 'stopped', textVi: 'Dừng giải quyết hồ sơ.' },
};

/** Forwards to the engine; the first read of the `Later` element waits until `release()`. */
function holdingProxy(target: string) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held = false;
  let reachedHold!: () => void;
  const holding = new Promise<void>((r) => (reachedHold = r));
  const server = http.createServer((req, res) => {
    void (async () => {
      if (!held && req.url?.includes('activityId=Later')) {
        held = true;
        reachedHold();
        await released;
      }
      const answer = await fetch(target + req.url, { headers: { accept: 'application/json' } });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(await answer.text());
    })();
  });
  return { server, release, holding };
}

describe.each(dialects)('history follower on $dialect', (factory) => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let ds: DataSource;
  let life: DossierLifeStore;
  let proxy: ReturnType<typeof holdingProxy>;
  let proxyUrl: string;

  const api = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(engine.url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const completeTask = async (pi: string, key: string) => {
    const [t] = await api<Array<{ id: string }>>(`/task?processInstanceId=${pi}&taskDefinitionKey=${key}`);
    await api(`/task/${t!.id}/complete`, {});
  };

  beforeAll(async () => {
    db = await factory.create();
    engine = await startEngine({
      dbUrl: db.url,
      port: 0,
      host: '127.0.0.1',
      jobExecutor: { enabled: false },
    });
    const form = new FormData();
    form.append('deployment-name', 'follower-order');
    form.append('order.bpmn', new Blob([BPMN], { type: 'text/xml' }), 'order.bpmn');
    expect((await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form })).status).toBe(200);
    ds = await openDatabase({ url: db.url, migrate: true });
    life = new DossierLifeStore(ds);
    proxy = holdingProxy(engine.url);
    await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    proxy?.server.close();
    await ds?.destroy();
    await engine?.close();
    await db?.drop();
  });

  it('never records a later status before an earlier one entered during the same pass', async () => {
    const dossierId = `follower-${factory.dialect}`;
    const { id: pi } = await api<{ id: string }>('/process-definition/key/follower_order/start', {
      businessKey: dossierId,
    });
    const follower = new HistoryFollower({
      engine: new EngineClient({ url: proxyUrl }),
      life,
      logger: silentLogger,
      events: EVENTS,
    });

    // The pass reads `Earlier` (not entered yet), then waits on `Later` while the dossier moves
    // through `Earlier` to `Later`.
    const pass = follower.syncOnce();
    await proxy.holding;
    await completeTask(pi, 'Wait');
    await completeTask(pi, 'Earlier');
    proxy.release();
    const written = await pass;

    const kinds = (await life.listHistory(dossierId)).map((e) => e.kind);
    expect(kinds).toEqual(['in-process', 'stopped']);
    expect(written).toBe(2);
    // The next pass finds nothing new.
    expect(await follower.syncOnce()).toBe(0);
    expect(await life.listHistory(dossierId)).toHaveLength(2);
  });
});
