/**
 * The portal's liveness, readiness and Prometheus metrics over real HTTP, with a real engine on
 * each database: readiness follows the engine (stopped last), `/metrics` wants its bearer token,
 * sign-ins are counted by outcome and requests by route template, never by raw path.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { startPortal, type RunningPortal } from '@motcua/portal';
import { PortalClient } from './support/http-client.js';
import { DEMO_PASSWORD } from './support/stack.js';

jest.setTimeout(120_000);
const dialects = await testDatabases();
const TOKEN = 'portal-metrics-token-0123';

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe.each(dialects)('portal health, readiness and metrics over HTTP on $dialect', (factory) => {
  let db: TestDatabase;
  let engine: RunningEngine | undefined;
  let portal: RunningPortal;
  let dataDir: string;
  const scrape = async () => {
    const res = await fetch(`${portal.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    db = await factory.create();
    dataDir = mkdtempSync(join(tmpdir(), 'motcua-portal-ops-'));
    engine = await startEngine({ dbUrl: db.url, port: 0, host: '127.0.0.1' });
    portal = await startPortal({
      port: 0,
      host: '127.0.0.1',
      engineUrl: engine.url,
      dbUrl: db.url,
      dataDir,
      demo: true,
      demoPassword: DEMO_PASSWORD,
      deploy: false,
      refreshDossiers: false,
      metrics: { token: TOKEN },
    });
  });
  afterAll(async () => {
    await portal?.close();
    await engine?.close();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is live and ready with its database, migrations and engine', async () => {
    const live = await fetch(`${portal.url}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'up' });
    const ready = await fetch(`${portal.url}/health/ready`);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { portal: 'up', database: 'up', migrations: 'applied', engine: 'up' },
    });
    expect(ready.status).toBe(200);
    // The older /health (start.mjs, ARCHITECTURE.md) is still there.
    expect((await fetch(`${portal.url}/health`)).status).toBe(200);
  });

  it('keeps /metrics behind its bearer token', async () => {
    expect((await fetch(`${portal.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${portal.url}/metrics`, {
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain(TOKEN);
  });

  it('counts sign-ins by outcome and requests by route template', async () => {
    const failed = new PortalClient(portal.url);
    expect((await failed.login('congdan', 'not-the-password')).status).toBe(401);
    const c = new PortalClient(portal.url);
    expect((await c.login('congdan', DEMO_PASSWORD)).status).toBe(302);
    const page = await c.request('GET', '/thu-tuc/khong-co-thu-tuc-nay', {
      headers: { 'x-request-id': 'lb-7' },
    });
    expect(page.status).toBe(404);
    expect(page.headers.get('x-request-id')).toBe('lb-7');

    const text = await scrape();
    expect(sample(text, 'motcua_portal_sign_ins_total', 'method="password",outcome="success"')).toBe(1);
    expect(sample(text, 'motcua_portal_sign_ins_total', 'method="password",outcome="failure"')).toBe(1);
    expect(
      sample(
        text,
        'motcua_portal_http_request_duration_seconds_count',
        'method="POST",route="/dang-nhap",status="302"',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'motcua_portal_http_request_duration_seconds_count',
        'method="GET",route="/thu-tuc/:key",status="404"',
      ),
    ).toBe(1);
    expect(text).not.toContain('khong-co-thu-tuc-nay');
  });

  it('is not ready once the engine is gone, and still live', async () => {
    await engine!.close();
    engine = undefined;
    const ready = await fetch(`${portal.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'not-ready',
      checks: { portal: 'up', database: 'up', migrations: 'applied', engine: 'down' },
    });
    expect((await fetch(`${portal.url}/health/live`)).status).toBe(200);
  });
});
