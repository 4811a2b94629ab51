/**
 * The designer studio's deploy path through the engine's REST API only — the services the routes
 * use (drafts, check, deploy, versions with counts, migration) — against the embedded engine on
 * SQLite, or against the engine at ENGINE_URL: `npm run test:operaton` runs this suite on a fresh
 * Operaton 1.0.3 and a fresh Camunda 7.24 (scripts/test-against-operaton.mjs). The drafts and the
 * audit live in a SQLite database of the portal's own, as always.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { silentLogger } from '@motcua/domain';
import { openDatabase, type DataSource } from '@motcua/db';
import { AuditStore, createPortalStores, type PortalUser } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { loadPublishedCatalogue } from '@motcua/processes';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { deployCatalogue } from '../src/engine/deploy-catalogue.js';
import { EngineClient } from '../src/engine/engine-client.js';
import { motcuaDeploymentChecker } from '../src/studio/deployment-check.js';
import { DraftsService } from '../src/studio/drafts.service.js';
import { MigrationService } from '../src/studio/migration.service.js';
import { ProcedureSources } from '../src/studio/procedure-sources.js';
import { ProceduresOverview } from '../src/studio/procedures-overview.js';
import { StudioEngine } from '../src/studio/studio-engine.js';
import { PROCEDURE_KEY } from './support/stack.js';
import { NEW_TASK_ID, withReviewTask } from './support/studio-model.js';

const ENGINE_URL = process.env.ENGINE_URL;
const [sqlite] = await testDatabases();
jest.setTimeout(180_000);

describe(`studio deploy path on ${ENGINE_URL ? `ENGINE_URL ${ENGINE_URL}` : 'the embedded engine'}`, () => {
  let portalDb: TestDatabase;
  let engineDb: TestDatabase | undefined;
  let embedded: RunningEngine | undefined;
  let ds: DataSource;
  let client: EngineClient;
  let engine: StudioEngine;
  let drafts: DraftsService;
  let overview: ProceduresOverview;
  let migration: MigrationService;
  let catalogue: Catalogue;
  let user: PortalUser;
  let versionsBefore: number;
  let waiting: string;

  beforeAll(async () => {
    if (!ENGINE_URL) {
      engineDb = await sqlite!.create();
      embedded = await startEngine({ dbUrl: engineDb.url, port: 0, host: '127.0.0.1' });
    }
    const auth =
      process.env.ENGINE_USER && process.env.ENGINE_PASSWORD
        ? { user: process.env.ENGINE_USER, password: process.env.ENGINE_PASSWORD }
        : undefined;
    client = new EngineClient({ url: ENGINE_URL ?? embedded!.url, timeoutMs: 30_000, auth });
    engine = new StudioEngine(client);
    portalDb = await sqlite!.create();
    ds = await openDatabase({ url: portalDb.url });
    const stores = createPortalStores(ds);
    user = {
      id: randomUUID(),
      username: 'thietke',
      displayName: 'Hoàng Văn Giang',
      role: 'designer',
      groups: [],
      active: true,
    };
    await stores.users.upsert({ ...user, passwordHash: 'x' });
    catalogue = new Catalogue(loadPublishedCatalogue().filter((e) => e.key === PROCEDURE_KEY));
    const sources = new ProcedureSources(catalogue);
    drafts = new DraftsService({
      drafts: stores.drafts,
      sources,
      engine,
      audit: stores.audit,
      check: motcuaDeploymentChecker,
    });
    overview = new ProceduresOverview(sources, engine, stores.drafts);
    migration = new MigrationService(engine, stores.audit);
    await deployCatalogue(client, catalogue, silentLogger, { timeoutMs: 60_000 });
    versionsBefore = (await engine.publishedVersions(PROCEDURE_KEY)).length;
    // A dossier on the version in force: it waits at the receipt (no worker serves this engine here).
    const [current] = await engine.publishedVersions(PROCEDURE_KEY);
    waiting = (await engine.startById(current!.id, { businessKey: `studio-${Date.now().toString(36)}` })).id;
  });

  afterAll(async () => {
    await ds?.destroy();
    await portalDb?.drop();
    await embedded?.close();
    await engineDb?.drop();
  });

  it('checks, refuses, deploys a new version with every file and the note, lists it with counts', async () => {
    const draft = await drafts.open(user, PROCEDURE_KEY, { kind: 'catalogue' });
    const noGroup = await drafts.save(user, draft.id, {
      rev: draft.rev,
      bpmnXml: withReviewTask(draft.bpmnXml, { candidateGroups: null }),
      forms: draft.forms,
      dmnXml: draft.dmnXml,
    });
    expect((await drafts.check(draft.id)).errors.map((e) => [e.elementId, e.rule])).toEqual([
      [NEW_TASK_ID, 'motcua/user-task-candidate-group'],
    ]);
    await expect(drafts.deploy(user, draft.id, 'Thêm bước rà soát', null)).rejects.toThrow(/còn lỗi/);

    const broken = await drafts.save(user, draft.id, {
      rev: noGroup.rev,
      bpmnXml: withReviewTask(draft.bpmnXml, { candidateGroups: 'chuyen-vien' }).replace(
        '${complete}</bpmn:conditionExpression>',
        '${complete &amp;&amp;}</bpmn:conditionExpression>',
      ),
      forms: draft.forms,
      dmnXml: draft.dmnXml,
    });
    await expect(drafts.deploy(user, draft.id, 'Mô hình có biểu thức hỏng', null)).rejects.toThrow(
      /từ chối triển khai.*không mất gì/,
    );
    expect((await engine.publishedVersions(PROCEDURE_KEY)).length).toBe(versionsBefore);

    await drafts.save(user, draft.id, {
      rev: broken.rev,
      bpmnXml: withReviewTask(draft.bpmnXml, { candidateGroups: 'chuyen-vien' }),
      forms: draft.forms,
      dmnXml: draft.dmnXml,
    });
    const out = await drafts.deploy(user, draft.id, 'Thêm bước rà soát căn cứ pháp lý', null);
    expect(out.version).toBe(versionsBefore + 1);
    expect(out.resources).toEqual(
      expect.arrayContaining(['process.bpmn', 'application.form', 'approve-dossier.form']),
    );
    const [entry] = await new AuditStore(ds).list({ action: 'studio.deploy' });
    expect(entry!.detail).toMatchObject({ note: 'Thêm bước rà soát căn cứ pháp lý', version: out.version });

    const versions = await overview.versions(PROCEDURE_KEY);
    expect(versions.map((v) => v.version)).toEqual([versionsBefore + 1, versionsBefore]);
    expect(versions[0]).toMatchObject({ running: 0, deploymentSource: 'motcua-studio' });
    expect(versions[1]!.running).toBeGreaterThanOrEqual(1);
    expect(versions[0]!.deploymentTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // The portal starting again does not put the catalogue's model back over the designer's.
    await deployCatalogue(client, catalogue, silentLogger, { timeoutMs: 60_000 });
    expect((await engine.publishedVersions(PROCEDURE_KEY)).length).toBe(versionsBefore + 1);
  });

  it('opens a deployed version with its forms, and migrates a chosen running instance', async () => {
    const [latest, previous] = await engine.publishedVersions(PROCEDURE_KEY);
    const reopened = await drafts.open(user, PROCEDURE_KEY, { kind: 'version', definitionId: latest!.id });
    expect(reopened.bpmnXml).toContain(NEW_TASK_ID);
    expect(Object.keys(reopened.forms)).toContain(`${PROCEDURE_KEY}-application`);

    const preview = await migration.preview(previous!.id, latest!.id);
    expect(preview.validation.instructionReports.filter((r) => r.failures.length)).toEqual([]);
    expect(preview.plan.instructions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          sourceActivityIds: ['ServiceTask_ReceiveDossier'],
          targetActivityIds: ['ServiceTask_ReceiveDossier'],
        }),
      ]),
    );
    expect(preview.instances.map((i) => i.id)).toContain(waiting);
    await migration.execute(
      user,
      { sourceId: previous!.id, targetId: latest!.id, instanceIds: [waiting], note: 'Áp dụng bản mới' },
      null,
    );
    expect(
      (await client.call<{ definitionId: string }>('GET', `/process-instance/${waiting}`)).definitionId,
    ).toBe(latest!.id);
    const [entry] = await new AuditStore(ds).list({ action: 'studio.migrate' });
    expect(entry!.detail).toMatchObject({ instances: [waiting], toVersion: latest!.version });
  });
});
