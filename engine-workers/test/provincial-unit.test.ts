/**
 * A provincial procedure is modelled once (one process definition) and run by every province's
 * Department of Science and Technology under its own unit code: the applicant's choice of
 * department (`unitCode`, a field of the generated application form) gives the dossier code's
 * unit part at the receipt. Real engine, real workers, SQLite and MariaDB.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { silentLogger } from '@motcua/domain';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { loadPublishedCatalogue, startWorkers, type RunningWorkers } from '@motcua/engine-workers';
import { loadProvincialUnits } from '@motcua/processes';

const dialects = await testDatabases();
jest.setTimeout(120_000);

// Thủ tục khai báo thiết bị X-quang chẩn đoán trong y tế (2.002131), a provincial procedure.
const KEY = 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te';
const catalogue = loadPublishedCatalogue();
const entry = catalogue.find((e) => e.key === KEY)!;
const units = loadProvincialUnits();
const laoCai = units.find((u) => u.code === 'H38')!;
const tienGiang = units.find((u) => u.code === 'H58')!;

const applicant = (dossierId: string, unitCode?: string) =>
  Object.fromEntries(
    Object.entries({
      fullName: 'Trần Thị Bình',
      citizenId: '001190012345',
      address: 'Số 1 Tràng Tiền, Hà Nội',
      phone: '0912345678',
      email: 'binh.tran@example.vn',
      dossierId,
      procedureCode: entry.code,
      ...(unitCode ? { unitCode } : {}),
    }).map(([k, v]) => [k, { value: v, type: 'String' }]),
  );

describe.each(dialects)('one provincial procedure, two provinces ($dialect)', (factory) => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let workers: RunningWorkers;

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
  /** Starts a dossier and waits for the receipt's variables. */
  const receive = async (dossierId: string, unitCode?: string) => {
    const started = await api<{ id: string; definitionId: string }>(`/process-definition/key/${KEY}/start`, {
      businessKey: dossierId,
      variables: applicant(dossierId, unitCode),
    });
    for (let i = 0; i < 300; i++) {
      const vars = await api<Record<string, { value: unknown }>>(`/process-instance/${started.id}/variables`);
      if (vars.dossierCode) return { definitionId: started.definitionId, vars };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no receipt for ${dossierId}`);
  };

  beforeAll(async () => {
    db = await factory.create();
    engine = await startEngine({
      dbUrl: db.url,
      port: 0,
      host: '127.0.0.1',
      clock: new TestClock(new Date('2026-12-07T02:00:00.000Z')),
      jobExecutor: { enabled: false },
    });
    const form = new FormData();
    form.append('deployment-name', KEY);
    form.append(entry.bpmnFileName, new Blob([entry.bpmnXml], { type: 'text/xml' }), entry.bpmnFileName);
    for (const [id, file] of Object.entries(entry.formFileNames))
      form.append(file, new Blob([JSON.stringify(entry.forms[id])], { type: 'application/json' }), file);
    const res = await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    workers = await startWorkers({
      engineUrl: engine.url,
      dbUrl: db.url,
      catalogue,
      asyncResponseTimeoutMs: 1_000,
      pollIntervalMs: 50,
      historyPollMs: 100,
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await workers?.close();
    await engine?.close();
    await db?.drop();
  });

  it('the application form offers each department; each dossier gets its department’s code', async () => {
    expect(entry.metadata.tier).toBe('provincial');
    const select = JSON.stringify(entry.forms[entry.startFormId]);
    for (const u of [laoCai, tienGiang]) expect(select).toContain(`"value":"${u.code}"`);

    const a = await receive(`tinh-${factory.dialect}-1`, laoCai.code);
    const b = await receive(`tinh-${factory.dialect}-2`, tienGiang.code);
    // One process definition for both provinces.
    expect(a.definitionId).toBe(b.definitionId);
    expect(a.vars.dossierCode!.value).toMatch(/^H38-\d{6}-\d{5}$/);
    expect(b.vars.dossierCode!.value).toMatch(/^H58-\d{6}-\d{5}$/);
    expect(a.vars.receivingUnitVi!.value).toBe(laoCai.nameVi);
    expect(b.vars.receivingUnitVi!.value).toBe(tienGiang.nameVi);
  });

  it('a dossier without a chosen department keeps the procedure’s own unit code', async () => {
    const none = await receive(`tinh-${factory.dialect}-3`);
    expect(String(none.vars.dossierCode!.value).startsWith(`${entry.unitCode}-`)).toBe(true);
    expect(none.vars.receivingUnitVi).toBeUndefined();
  });
});
