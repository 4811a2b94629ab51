/**
 * Start-up order does not matter: a portal started before the engine keeps retrying the
 * deployment and deploys the catalogue once the engine answers; a second start deploys nothing new.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startPortal, type RunningPortal } from '@motcua/portal';

jest.setTimeout(120_000);
const [sqlite] = await testDatabases();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('catalogue deployment at start', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('waits for a late engine, then deploys each procedure once', async () => {
    const db: TestDatabase = await sqlite!.create();
    const dataDir = mkdtempSync(join(tmpdir(), 'motcua-deploy-'));
    cleanup.push(async () => {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const port = await freePort();
    const engineUrl = `http://127.0.0.1:${port}/engine-rest`;

    const portal: RunningPortal = await startPortal({ port: 0, engineUrl, dbUrl: db.url, dataDir });
    cleanup.push(() => portal.close());
    expect(await (await fetch(`${portal.url}/health`)).json()).toEqual({ status: 'ok', engine: 'down' });

    await new Promise((r) => setTimeout(r, 1500)); // the portal has retried at least once by now
    const engine: RunningEngine = await startEngine({ dbUrl: db.url, port, host: '127.0.0.1' });
    cleanup.push(() => engine.close());
    await portal.deployed;

    const definitions = (await (
      await fetch(`${engineUrl}/process-definition?key=most-chung-chi-nhan-vien-buc-xa`)
    ).json()) as Array<{ version: number }>;
    expect(definitions.map((d) => d.version)).toEqual([1]);
    const deployments = (await (await fetch(`${engineUrl}/deployment`)).json()) as Array<{
      source: string | null;
    }>;
    expect(deployments.every((d) => d.source === 'motcua-portal')).toBe(true);

    // A restart deploys the unchanged catalogue again: the engine keeps version 1.
    const again = await startPortal({ port: 0, engineUrl, dbUrl: db.url, dataDir });
    cleanup.push(() => again.close());
    await again.deployed;
    const after = (await (
      await fetch(`${engineUrl}/process-definition?key=most-chung-chi-nhan-vien-buc-xa`)
    ).json()) as Array<{ version: number }>;
    expect(after.map((d) => d.version)).toEqual([1]);
  });
});
