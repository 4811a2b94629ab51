/**
 * The national portal's emulator served by the portal in development under `/gia-lap/dvcqg/`:
 * its page carries the portal's strict CSP, its API is reachable without a portal session (it
 * stands for an outside system), and a portal started without emulators has no such path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startPortal, type RunningPortal } from '@motcua/portal';

describe('the national portal emulator mounted on the portal', () => {
  let dir: string;
  let withEmulators: RunningPortal;
  let without: RunningPortal;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'motcua-dvcqg-mount-'));
    const common = {
      port: 0,
      // No engine is needed: nothing is deployed and no dossier is read.
      engineUrl: 'http://127.0.0.1:9/engine-rest',
      dbUrl: `sqlite:${join(dir, 'db.sqlite')}`,
      dataDir: dir,
      deploy: false,
      refreshDossiers: false as const,
    };
    withEmulators = await startPortal({ ...common, emulators: true });
    without = await startPortal(common);
  });
  afterAll(async () => {
    await withEmulators?.close();
    await without?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page under the portal CSP and the API without a portal session', async () => {
    const page = await fetch(`${withEmulators.url}/gia-lap/dvcqg/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const text = await page.text();
    expect(text).toContain('Giả lập Cổng Dịch vụ công quốc gia');
    expect(text).toContain('href="/gia-lap/dvcqg/trang.css"');
    expect(
      (await fetch(`${withEmulators.url}/gia-lap/dvcqg/trang.css`)).headers.get('content-type'),
    ).toContain('text/css');

    const token = await fetch(`${withEmulators.url}/gia-lap/dvcqg/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=motcua-dev&client_secret=motcua-dev-secret',
    });
    expect(token.status).toBe(200);
    expect(await token.json()).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
  });

  it('is absent from a portal started without emulators', async () => {
    expect((await fetch(`${without.url}/gia-lap/dvcqg/`)).status).toBe(404);
    const token = await fetch(`${without.url}/gia-lap/dvcqg/oauth2/token`, { method: 'POST' });
    expect(token.status).not.toBe(200);
  });
});
