import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FileStore, openDatabase, type DataSource } from '@motcua/db';
import { DossierLifeStore } from '@motcua/db/workers';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { silentLogger } from '@motcua/domain';
import { startEngine } from '@motcua/engine';
import { EngineClient } from '@motcua/engine-client';
import { loadCatalogue } from '@motcua/processes';
import {
  Pkcs11TokenSigner,
  signResultHandler,
  startWorkers,
  verifyPdfSignature,
  type DocumentSigner,
  type ExternalTaskInfo,
  type RunningWorkers,
} from '@motcua/engine-workers';
import { SIGN_RESULT_BPMN as BPMN } from './support/sign-process.js';
import { createTestToken, pdfsig, signingToolsAvailable, type TestToken } from './support/softhsm.js';

// signing.sign-result on the real engine and a real database (SQLite and MariaDB), with a real
// SoftHSM2 token: the signed result lands in the engine as the File variable resultDocument, the
// number and hash in the dossier's history; a redelivery signs nothing again; a wrong PIN is a
// technical failure that ends in an incident, with no unsigned result anywhere.
const available = signingToolsAvailable();
const dialects = available ? await testDatabases() : [];
const catalogue = loadCatalogue();

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The real token signer, counting the signatures it makes. */
function counting(signer: DocumentSigner): DocumentSigner & { signatures: number } {
  const c = {
    signatures: 0,
    certificate: () => signer.certificate(),
    sign(data: Buffer) {
      c.signatures += 1;
      return signer.sign(data);
    },
  };
  return c;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(dialects)('signing.sign-result on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let token: TestToken;
  let engine: { url: string; close(): Promise<void> };
  let workers: RunningWorkers | undefined;

  const api = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${engine.url}${path}`, init);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  async function start(dossierId: string): Promise<string> {
    const str = (value: string) => ({ value, type: 'String' });
    const res = await fetch(`${engine.url}/process-definition/key/test-sign-result/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        businessKey: dossierId,
        variables: {
          dossierId: str(dossierId),
          dossierCode: str(`G13.ATBXHN-261126-${dossierId.slice(-5)}`),
          fullName: str('Trần Thị Thu Hương'),
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
    workerId: `sign-${factory.dialect}`,
    asyncResponseTimeoutMs: 1_000,
    pollIntervalMs: 50,
    historyPollMs: 0,
    catalogue,
    retry: { retries: 2, backoffMs: 100, maxBackoffMs: 200 },
  });

  beforeAll(async () => {
    token = createTestToken();
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    engine = await startEngine({ dbUrl: db.url, port: 0, host: '127.0.0.1' });
    const form = new FormData();
    form.append('deployment-name', 'test-sign-result');
    form.append('sign.bpmn', new Blob([BPMN], { type: 'text/xml' }), 'sign.bpmn');
    expect((await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form })).status).toBe(200);
  });
  afterAll(async () => {
    await workers?.close();
    await engine?.close();
    await ds?.destroy();
    await db?.drop();
    token?.remove();
  });

  it('a wrong PIN is retried, then an incident — and no result, signed or not, exists', async () => {
    workers = await startWorkers({ ...workerOptions(), signing: { ...token.config, pin: '000000' } });
    const pid = await start('dossier-sign-00001');
    const incidents = await waitFor('the incident', async () => {
      const r = await api(`/incident?processInstanceId=${pid}`);
      return r.body?.length ? r.body : undefined;
    });
    await workers.close();
    workers = undefined;
    expect(incidents[0].activityId).toBe('ServiceTask_SignResult');
    expect(incidents[0].incidentMessage).toMatch(/CKR_PIN_INCORRECT/);
    expect(incidents[0].incidentMessage).not.toContain('000000');
    expect((await api(`/process-instance/${pid}/variables/resultDocument`)).status).toBe(404);
    const life = new DossierLifeStore(ds);
    expect(await life.listDocuments('dossier-sign-00001')).toEqual([]);
  });

  it('signs the result, stores it as the File variable resultDocument and records number and hash', async () => {
    workers = await startWorkers({ ...workerOptions(), signing: token.config });
    const pid = await start('dossier-sign-00002');
    await waitFor('UserTask_Download', async () => {
      const r = await api(`/task?processInstanceId=${pid}&taskDefinitionKey=UserTask_Download`);
      return r.body?.length ? true : undefined;
    });
    const vars = (await api(`/process-instance/${pid}/variables`)).body;
    // The number the signing step issued is the one the return step returned.
    expect(vars.resultNumber.value).toMatch(/^CCNV-\d{4}-\d{6}$/);
    expect(vars.outcome.value).toBe('approved');
    expect(vars.resultDocument).toMatchObject({
      type: 'File',
      value: null,
      valueInfo: { filename: `ket-qua-${vars.resultNumber.value}.pdf`, mimeType: 'application/pdf' },
    });

    const res = await fetch(`${engine.url}/process-instance/${pid}/variables/resultDocument/data`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(sha256(pdf)).toBe(vars.resultDocumentSha256.value);
    expect(verifyPdfSignature(pdf)).toMatchObject({ valid: true, subFilter: 'ETSI.CAdES.detached' });
    const file = join(token.dir, `${factory.dialect}-result.pdf`);
    writeFileSync(file, pdf);
    expect(pdfsig(file)).toContain('Signature Validation: Signature is Valid.');

    const life = new DossierLifeStore(ds);
    const history = (await life.listHistory('dossier-sign-00002')).filter((h) => h.kind === 'result-signed');
    expect(history).toHaveLength(1);
    expect(history[0]!.detail).toMatchObject({
      resultNumber: vars.resultNumber.value,
      sha256: vars.resultDocumentSha256.value,
    });
    expect(history[0]!.textVi).toContain(`Kết quả số ${vars.resultNumber.value} đã được ký số`);
    const docs = await life.listDocuments('dossier-sign-00002');
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ kind: 'signed-result' });
    expect(docs[0]!.body).toContain(vars.resultDocumentSha256.value);
    await workers.close();
    workers = undefined;
  });

  it('a redelivered task signs nothing again: same document, same number, one history entry', async () => {
    const pid = (await api('/process-instance?businessKey=dossier-sign-00002')).body[0].id as string;
    const before = (await api(`/process-instance/${pid}/variables`)).body;
    const signer = counting(new Pkcs11TokenSigner(token.config));
    const life = new DossierLifeStore(ds);
    const handler = signResultHandler({
      ds,
      life,
      catalogue,
      signer,
      engine: new EngineClient({ url: engine.url }),
    });
    const task: ExternalTaskInfo = {
      id: 'redelivered',
      topicName: 'signing.sign-result',
      processInstanceId: pid,
      processDefinitionKey: 'test-sign-result',
      activityId: 'ServiceTask_SignResult',
      businessKey: 'dossier-sign-00002',
      retries: null,
      variables: Object.fromEntries(
        Object.entries(before).map(([k, v]) => [k, (v as { value: unknown }).value]),
      ),
    };
    const out = await handler.handle({ task, logger: silentLogger });
    expect(signer.signatures).toBe(0);
    expect(out).toMatchObject({
      resultNumber: before.resultNumber.value,
      resultDocumentSha256: before.resultDocumentSha256.value,
    });
    expect(
      (await life.listHistory('dossier-sign-00002')).filter((h) => h.kind === 'result-signed'),
    ).toHaveLength(1);
    expect(await life.listDocuments('dossier-sign-00002')).toHaveLength(1);
    const res = await fetch(`${engine.url}/process-instance/${pid}/variables/resultDocument/data`);
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(before.resultDocumentSha256.value);
  });

  it('without a configured key the task fails (technical), and nothing is stored', async () => {
    const pid = await start('dossier-sign-00003');
    const life = new DossierLifeStore(ds);
    const handler = signResultHandler({ ds, life, catalogue, signer: undefined, engineUrl: engine.url });
    const task: ExternalTaskInfo = {
      id: 'unconfigured',
      topicName: 'signing.sign-result',
      processInstanceId: pid,
      processDefinitionKey: 'test-sign-result',
      activityId: 'ServiceTask_SignResult',
      businessKey: 'dossier-sign-00003',
      retries: null,
      variables: { procedureCode: '1.009846', dossierCode: 'G13.ATBXHN-261126-00003', fullName: 'A' },
    };
    await expect(handler.handle({ task, logger: silentLogger })).rejects.toThrow(/Signing is not configured/);
    expect(await life.listDocuments('dossier-sign-00003')).toEqual([]);
    const fileId = `signed-result-${sha256(Buffer.from(pid)).slice(0, 48)}`;
    expect(await new FileStore(ds).info(fileId)).toBeNull();
  });
});
