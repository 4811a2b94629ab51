/**
 * The portal and the workers against an engine that requires HTTP Basic authentication (the
 * built-in administrator, as `npm start` with ENGINE_REST_USER/ENGINE_REST_PASSWORD): with the
 * credentials the catalogue deploys and a submission gets its dossier code from the receipt worker;
 * with wrong ones the deployment fails at once with a 401 and /health reports the engine down.
 * The password never reaches the logs.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from '@motcua/domain';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { startWorkers, type RunningWorkers } from '@motcua/engine-workers';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startPortal, type RunningPortal } from '@motcua/portal';
import { documentsFor } from './support/documents.js';
import { PortalClient } from './support/http-client.js';
import { DEMO_PASSWORD, PROCEDURE_KEY, validApplication } from './support/stack.js';

jest.setTimeout(120_000);
// Authentication does not depend on the database: SQLite is enough here.
const [sqlite] = await testDatabases();

const ADMIN = { user: 'engine-admin', password: 'mat-khau-engine-rat-dai' };
const WRONG = { user: 'engine-admin', password: 'mat-khau-sai-hoan-toan' };
const basic = (a: { user: string; password: string }) =>
  `Basic ${Buffer.from(`${a.user}:${a.password}`).toString('base64')}`;

/** A pino logger writing into a string, to look for secrets in what is logged. */
function capturingLogger(): { logger: Logger; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream) as unknown as Logger, text: () => out };
}

describe('portal and workers against an engine that requires Basic authentication', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let dataDir: string;
  const log = capturingLogger();
  const cleanup: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    db = await sqlite!.create();
    dataDir = mkdtempSync(join(tmpdir(), 'motcua-engine-auth-'));
    engine = await startEngine({ dbUrl: db.url, port: 0, host: '127.0.0.1', auth: ADMIN });
  });
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
    await engine?.close();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is protected: the engine refuses calls without credentials', async () => {
    expect((await fetch(`${engine.url}/version`)).status).toBe(401);
  });

  it('with the credentials: deploys, and a valid submission gets a dossier code', async () => {
    const workers: RunningWorkers = await startWorkers({
      engineUrl: engine.url,
      dbUrl: db.url,
      engineAuth: ADMIN,
      asyncResponseTimeoutMs: 1_000,
      logger: log.logger,
    });
    cleanup.push(() => workers.close());
    const portal: RunningPortal = await startPortal({
      port: 0,
      host: '127.0.0.1',
      engineUrl: engine.url,
      engineAuth: ADMIN,
      dbUrl: db.url,
      dataDir,
      demo: true,
      demoPassword: DEMO_PASSWORD,
      logger: log.logger,
    });
    cleanup.push(() => portal.close());
    await portal.deployed;

    expect(await (await fetch(`${portal.url}/health`)).json()).toEqual({ status: 'ok', engine: 'up' });
    const definitions = (await (
      await fetch(`${engine.url}/process-definition?key=${PROCEDURE_KEY}`, {
        headers: { authorization: basic(ADMIN) },
      })
    ).json()) as unknown[];
    expect(definitions).toHaveLength(1);

    const applicant = new PortalClient(portal.url);
    expect((await applicant.login('congdan', DEMO_PASSWORD)).status).toBe(302);
    const page = await applicant.get(`/thu-tuc/${PROCEDURE_KEY}`);
    const res = await applicant.postJson(
      `/thu-tuc/${PROCEDURE_KEY}/nop-ho-so`,
      { data: validApplication(), documents: await documentsFor(applicant, PROCEDURE_KEY, page.text) },
      PortalClient.csrfIn(page.text),
    );
    expect(res.status).toBe(201);
    const { dossierCode } = res.json<{ dossierCode: string | null }>();
    expect(dossierCode).toMatch(/^[A-Z0-9.]+-\d{6}-\d{5}$/);
  });

  it('with wrong credentials: deployment fails at once with a 401 and /health says the engine is down', async () => {
    const started = Date.now();
    const portal = await startPortal({
      port: 0,
      host: '127.0.0.1',
      engineUrl: engine.url,
      engineAuth: WRONG,
      dbUrl: db.url,
      dataDir,
      logger: log.logger,
    });
    cleanup.push(() => portal.close());
    await expect(portal.deployed).rejects.toMatchObject({
      name: 'EngineError',
      status: 401,
      message: expect.stringContaining('the engine refused ENGINE_USER/ENGINE_PASSWORD'),
    });
    expect(Date.now() - started).toBeLessThan(10_000); // no retrying until the 2-minute deadline
    expect(await (await fetch(`${portal.url}/health`)).json()).toEqual({ status: 'ok', engine: 'down' });

    // The workers keep polling and log the refusal, without the credentials.
    const workers = await startWorkers({
      engineUrl: engine.url,
      dbUrl: db.url,
      engineAuth: WRONG,
      asyncResponseTimeoutMs: 0,
      pollIntervalMs: 50,
      logger: log.logger,
    });
    cleanup.push(() => workers.close());
    for (let i = 0; i < 100 && !log.text().includes('fetchAndLock failed'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(log.text()).toContain('fetchAndLock failed');
  });

  it('never logs a password or its Basic header', () => {
    const text = log.text();
    expect(text.length).toBeGreaterThan(0);
    for (const a of [ADMIN, WRONG]) {
      expect(text).not.toContain(a.password);
      expect(text).not.toContain(basic(a).slice('Basic '.length));
    }
  });
});
