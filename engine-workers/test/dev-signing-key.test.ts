import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startEngine } from '@motcua/engine';
import { loadCatalogue } from '@motcua/processes';
import {
  DEV_KEY_COMMON_NAME,
  demoSigningSetup,
  ensureDevSoftwareKey,
  loadWorkersConfig,
  startWorkers,
  verifyPdfSignature,
  type RunningWorkers,
} from '@motcua/engine-workers';
import { SIGN_RESULT_BPMN } from './support/sign-process.js';
import { hasPdfsig, pdfsig } from './support/softhsm.js';

// `npm start` on a machine without a PKCS#11 module: the demo start signs with a development
// software key created in the data folder; the signed PDF verifies with poppler's pdfsig, which
// names the development certificate. Without any key the step becomes an incident (never a stall).
function pdfsigAvailable(): boolean {
  if (hasPdfsig()) return true;
  const msg = 'pdfsig (poppler-utils) missing: apt-get install -y poppler-utils';
  if (process.env.CI === 'true') throw new Error(`${msg}: under CI=true no suite may skip.`);
  console.warn(`\n*** SKIPPED: development signing key — ${msg} ***\n`);
  return false;
}

const dialects = pdfsigAvailable() ? await testDatabases() : [];
const catalogue = loadCatalogue();

describe('the demo start chooses how to sign', () => {
  it('without a PKCS#11 module: the development key in DATA_DIR/signing-dev/software-key', () => {
    const setup = demoSigningSetup({
      demo: true,
      tokenConfigured: false,
      dataDir: '/var/lib/motcua-data',
      modulePath: '/nowhere/libsofthsm2.so',
    });
    expect(setup).toMatchObject({
      kind: 'dev-key',
      env: { SIGNING_DEV_KEY_DIR: '/var/lib/motcua-data/signing-dev/software-key' },
    });
    expect(setup!.message).toContain('DEVELOPMENT software key');
  });

  it('never outside demo mode, never over a configured token', () => {
    const base = { dataDir: '/d', modulePath: '/nowhere.so' };
    expect(demoSigningSetup({ ...base, demo: false, tokenConfigured: false })).toBeNull();
    expect(demoSigningSetup({ ...base, demo: true, tokenConfigured: true })).toBeNull();
  });

  it('the workers refuse a development key outside demo mode, or beside a token', () => {
    expect(() => loadWorkersConfig({ SIGNING_DEV_KEY_DIR: '/d' })).toThrow(/SIGNING_DEV_KEY_DIR/);
    expect(() =>
      loadWorkersConfig({
        MOTCUA_DEMO: 'true',
        SIGNING_DEV_KEY_DIR: '/d',
        SIGNING_TOKEN_LABEL: 't',
        SIGNING_KEY_LABEL: 'k',
        SIGNING_PIN: '123456',
      }),
    ).toThrow(/not both/);
    expect(loadWorkersConfig({ MOTCUA_DEMO: 'true', SIGNING_DEV_KEY_DIR: '/d' }).devSigningKeyDir).toBe('/d');
  });
});

describe('the development software key', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'motcua-devkey-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created once with mode 0600, kept across starts, and refused when others can read it', () => {
    const keyDir = join(dir, 'signing-dev', 'software-key');
    const first = ensureDevSoftwareKey(keyDir);
    expect(first.created).toBe(true);
    expect(statSync(first.keyFile).mode & 0o777).toBe(0o600);
    const again = ensureDevSoftwareKey(keyDir);
    expect(again.created).toBe(false);
    expect(again.signer.certificate().equals(first.signer.certificate())).toBe(true);
    // A key others can read (a folder copied without its modes) is not used.
    chmodSync(first.keyFile, 0o644);
    expect(() => ensureDevSoftwareKey(keyDir)).toThrow(/readable by other users/);
  });
});

describe.each(dialects)('a stack without a PKCS#11 module on $dialect', (factory) => {
  let db: TestDatabase;
  let dir: string;
  let engine: { url: string; close(): Promise<void> };
  let workers: RunningWorkers | undefined;

  const api = async (path: string) => {
    const res = await fetch(`${engine.url}${path}`);
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  };
  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  async function start(dossierId: string): Promise<string> {
    const str = (value: string) => ({ value, type: 'String' });
    const res = await fetch(`${engine.url}/process-definition/key/test-sign-result/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        businessKey: dossierId,
        variables: {
          dossierId: str(dossierId),
          dossierCode: str(`G13.ATBXHN-261206-${dossierId.slice(-5)}`),
          fullName: str('Nguyễn Văn An'),
          procedureCode: str('1.009846'),
          approved: { value: true, type: 'Boolean' },
        },
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { id: string }).id;
  }
  const workerOptions = () => ({
    engineUrl: engine.url,
    dbUrl: db.url,
    workerId: `devkey-${factory.dialect}`,
    asyncResponseTimeoutMs: 1_000,
    pollIntervalMs: 50,
    historyPollMs: 0,
    catalogue,
    retry: { retries: 2, backoffMs: 100, maxBackoffMs: 200 },
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'motcua-devkey-stack-'));
    db = await factory.create();
    engine = await startEngine({ dbUrl: db.url, port: 0, host: '127.0.0.1' });
    const form = new FormData();
    form.append('deployment-name', 'test-sign-result');
    form.append('sign.bpmn', new Blob([SIGN_RESULT_BPMN], { type: 'text/xml' }), 'sign.bpmn');
    expect((await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await workers?.close();
    await engine?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without any key the signing step becomes an incident an administrator sees', async () => {
    workers = await startWorkers(workerOptions());
    const pid = await start('dossier-devkey-00001');
    const incidents = await waitFor('the incident', async () => {
      const r = (await api(`/incident?processInstanceId=${pid}`)) as Array<Record<string, string>>;
      return r.length ? r : undefined;
    });
    expect(incidents[0]).toMatchObject({
      activityId: 'ServiceTask_SignResult',
      incidentType: 'failedExternalTask',
    });
    expect(incidents[0]!.incidentMessage).toMatch(/Signing is not configured/);
    await workers.close();
    workers = undefined;
  }, 90_000);

  it('the demo start signs with the development key; pdfsig verifies it and names the development certificate', async () => {
    const setup = demoSigningSetup({
      demo: true,
      tokenConfigured: false,
      dataDir: dir,
      modulePath: join(dir, 'no-such-pkcs11-module.so'),
    });
    expect(setup?.kind).toBe('dev-key');
    const config = loadWorkersConfig({ MOTCUA_DEMO: 'true', ...setup!.env });
    workers = await startWorkers({ ...workerOptions(), devSigningKeyDir: config.devSigningKeyDir! });
    const pid = await start('dossier-devkey-00002');
    await waitFor('the result returned', async () => {
      const r = (await api(
        `/task?processInstanceId=${pid}&taskDefinitionKey=UserTask_Download`,
      )) as unknown[];
      return r.length ? true : undefined;
    });
    expect(statSync(join(config.devSigningKeyDir!, 'dev-signing-key.pem')).mode & 0o777).toBe(0o600);
    const res = await fetch(`${engine.url}/process-instance/${pid}/variables/resultDocument/data`);
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    const check = verifyPdfSignature(pdf);
    expect(check.valid).toBe(true);
    expect(check.subject).toContain(DEV_KEY_COMMON_NAME);
    const file = join(dir, `${factory.dialect}-dev-result.pdf`);
    writeFileSync(file, pdf);
    const report = pdfsig(file);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain(`Signer Certificate Common Name: ${DEV_KEY_COMMON_NAME}`);
    await workers.close();
    workers = undefined;
  }, 120_000);
});
