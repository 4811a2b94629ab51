/**
 * Inbound from the national portal, on the real engine with the real workers, SQLite and MariaDB.
 * Given a dossier filed on the portal's emulator (its own form data and a PDF) and a queue that
 * lists it twice, when the workers pull: one process starts (business key = our dossier id), the
 * portal's dossier row holds the data and the document, the queue is acknowledged with our dossier
 * code, and the dossier's first status is synced back to the portal. Pulling again starts nothing.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { DossierAttachmentStore, DossierStore, DvcqgInboundStore } from '@motcua/db/workers';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { silentLogger } from '@motcua/domain';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { DVCQG_DEV_CLIENT, startDvcqgEmulator, type RunningDvcqgEmulator } from '@motcua/emulators';
import {
  DVCQG_APPLICANT_ID,
  DvcqgClient,
  DvcqgInboundPuller,
  loadPublishedCatalogue,
  startWorkers,
  type RunningWorkers,
} from '@motcua/engine-workers';

const dialects = await testDatabases();
jest.setTimeout(180_000);

const KEY = 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te';
const catalogue = loadPublishedCatalogue();
const entry = catalogue.find((e) => e.key === KEY)!;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const until = async <T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
) => {
  for (let i = 0; i < 1200; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.each(dialects)('dossiers filed on the national portal on $dialect', (factory) => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let workers: RunningWorkers;
  let emulator: RunningDvcqgEmulator;
  let ds: DataSource;

  beforeAll(async () => {
    db = await factory.create();
    emulator = await startDvcqgEmulator();
    engine = await startEngine({ dbUrl: db.url, port: 0, host: '127.0.0.1' });
    const form = new FormData();
    form.append('deployment-name', KEY);
    form.append(entry.bpmnFileName, new Blob([entry.bpmnXml], { type: 'text/xml' }), entry.bpmnFileName);
    for (const [id, file] of Object.entries(entry.formFileNames))
      form.append(file, new Blob([JSON.stringify(entry.forms[id])], { type: 'application/json' }), file);
    for (const r of entry.extraResources)
      form.append(r.name, new Blob([r.content], { type: r.contentType }), r.name);
    expect((await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form })).status).toBe(200);
    workers = await startWorkers({
      engineUrl: engine.url,
      dbUrl: db.url,
      catalogue,
      asyncResponseTimeoutMs: 1_000,
      pollIntervalMs: 50,
      historyPollMs: 100,
      logger: silentLogger,
      nationalPortal: {
        url: emulator.url,
        clientId: DVCQG_DEV_CLIENT.id,
        clientSecret: DVCQG_DEV_CLIENT.secret,
        unitCode: 'G13',
        pollMs: 50,
        inboundPollMs: 100,
        timeoutMs: 5_000,
        maxAttempts: 8,
      },
    });
    ds = await openDatabase({ url: db.url, migrate: false });
  });
  afterAll(async () => {
    await workers?.close();
    await ds?.destroy();
    await engine?.close();
    await emulator?.close();
    await db?.drop();
  });

  it('starts the process once, with the data and documents, acknowledges with our code and syncs it back', async () => {
    // The queue lists every waiting dossier twice on the next pulls.
    emulator.state.faults = { ...emulator.state.faults, doubleAnswer: 3 };
    const filed = emulator.state.fileInbound({
      procedureCode: entry.code,
      applicantName: 'Lê Thị Cúc',
      applicantId: '001190099999',
      formData: {
        fullName: 'Lê Thị Cúc',
        citizenId: '001190099999',
        address: 'Số 5 Lý Thường Kiệt, Hà Nội',
        phone: '0987654321',
        email: 'cuc.le@example.vn',
      },
      documents: [
        {
          name: 'don-de-nghi.pdf',
          componentCode: `${entry.code}.1`,
          mediaType: 'application/pdf',
          contentBase64: PDF.toString('base64'),
        },
        {
          name: 'virus.exe',
          componentCode: `${entry.code}.2`,
          mediaType: 'application/pdf',
          contentBase64: Buffer.from('MZ...').toString('base64'),
        },
      ],
    });
    const acknowledged = await until('the national portal acknowledged', () => filed.acknowledgedAs);
    const inbound = new DvcqgInboundStore(ds);
    const dossierId = await until('our dossier id', () =>
      ds
        .query('SELECT dossier_id FROM dvcqg_inbound')
        .then((r: Array<{ dossier_id: string }>) => r[0]?.dossier_id),
    );
    expect(await inbound.nationalCodeOf(dossierId)).toBe(filed.nationalCode);

    const instances = (await (
      await fetch(`${engine.url}/process-instance?businessKey=${dossierId}`)
    ).json()) as unknown[];
    expect(instances).toHaveLength(1);
    const dossier = (await new DossierStore(ds).findById(dossierId))!;
    expect(dossier).toMatchObject({
      procedureKey: KEY,
      applicantId: DVCQG_APPLICANT_ID,
      channel: 2,
      engineState: 'started',
      applicantName: 'Lê Thị Cúc',
    });
    expect(dossier.submittedData).toMatchObject({ citizenId: '001190099999', email: 'cuc.le@example.vn' });
    const docs = await new DossierAttachmentStore(ds).listForDossier(dossierId);
    expect(docs.map((d) => [d.originalName, d.mediaType, d.state])).toEqual([
      ['don-de-nghi.pdf', 'application/pdf', 'current'],
    ]);

    // Synced back: the portal knows our dossier under the code it was acknowledged with.
    const atPortal = await until('synced back', () => emulator.state.dossiers.get(acknowledged));
    expect(atPortal.statuses[0]!.statusCode).toBe(1);
    expect(atPortal.latest).toMatchObject({
      MaHoSoQG: filed.nationalCode,
      ChuHoSo: 'Lê Thị Cúc',
      KenhThucHien: 2,
    });
    expect(filed.deliveries).toBeGreaterThanOrEqual(1);

    // Pulls that list it again (the portal not having taken the acknowledgement) start nothing new.
    filed.acknowledgedAs = null;
    const puller = new DvcqgInboundPuller({
      ds,
      client: new DvcqgClient({
        baseUrl: emulator.url,
        clientId: DVCQG_DEV_CLIENT.id,
        clientSecret: DVCQG_DEV_CLIENT.secret,
      }),
      catalogue,
      engineUrl: engine.url,
      logger: silentLogger,
    });
    // The workers' own puller runs too: whichever takes it, it is acknowledged again with the same code.
    await puller.pullOnce();
    await until('acknowledged again', () => filed.acknowledgedAs === acknowledged);
    expect(
      (await (await fetch(`${engine.url}/process-instance?businessKey=${dossierId}`)).json()) as unknown[],
    ).toHaveLength(1);
    const [{ n }] = (await ds.query('SELECT COUNT(*) AS n FROM dossier WHERE applicant_id = ?', [
      DVCQG_APPLICANT_ID,
    ])) as Array<{ n: number | string }>;
    expect(Number(n)).toBe(1);
  });
});
