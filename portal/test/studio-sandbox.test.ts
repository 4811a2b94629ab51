/**
 * The studio's "chạy thử" service: a checked draft deployed under the sandbox tenant and one test
 * instance started there, on the embedded engine on SQLite and MariaDB. The real side stays
 * untouched: by-key lookups and starts answer the tenant-less version, the officers' task
 * queries never list the test run's tasks. (The workers' side: engine-workers/test/end-to-end.)
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { silentLogger } from '@motcua/domain';
import { openDatabase, type DataSource } from '@motcua/db';
import { createPortalStores, type PortalUser } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { loadPublishedCatalogue } from '@motcua/processes';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { deployCatalogue } from '../src/engine/deploy-catalogue.js';
import { EngineClient } from '../src/engine/engine-client.js';
import { motcuaDeploymentChecker } from '../src/studio/deployment-check.js';
import { DraftsService } from '../src/studio/drafts.service.js';
import { ProcedureSources } from '../src/studio/procedure-sources.js';
import { SANDBOX_TENANT, SandboxRunsService } from '../src/studio/sandbox-runs.service.js';
import { StudioEngine } from '../src/studio/studio-engine.js';
import { PROCEDURE_KEY } from './support/stack.js';

jest.setTimeout(180_000);
const dialects = await testDatabases();

describe.each(dialects)('studio sandbox runs on $dialect', (factory) => {
  let engineDb: TestDatabase;
  let portalDb: TestDatabase;
  let embedded: RunningEngine;
  let ds: DataSource;
  let client: EngineClient;
  let drafts: DraftsService;
  let sandbox: SandboxRunsService;
  let user: PortalUser;
  let other: PortalUser;
  let audit: ReturnType<typeof createPortalStores>['audit'];

  beforeAll(async () => {
    engineDb = await factory.create();
    embedded = await startEngine({ dbUrl: engineDb.url, port: 0, host: '127.0.0.1' });
    client = new EngineClient({ url: embedded.url, timeoutMs: 30_000 });
    portalDb = await factory.create();
    ds = await openDatabase({ url: portalDb.url });
    const stores = createPortalStores(ds);
    audit = stores.audit;
    const designer = (username: string): PortalUser => ({
      id: randomUUID(),
      username,
      displayName: 'Hoàng Văn Giang',
      role: 'designer',
      groups: [],
      active: true,
    });
    user = designer('thietke');
    other = designer('thietke2');
    for (const u of [user, other]) await stores.users.upsert({ ...u, passwordHash: 'x' });
    const catalogue = new Catalogue(loadPublishedCatalogue().filter((e) => e.key === PROCEDURE_KEY));
    drafts = new DraftsService({
      drafts: stores.drafts,
      sources: new ProcedureSources(catalogue),
      engine: new StudioEngine(client),
      audit: stores.audit,
      check: motcuaDeploymentChecker,
    });
    sandbox = new SandboxRunsService({ drafts, engine: client, audit: stores.audit });
    await deployCatalogue(client, catalogue, silentLogger, { timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await ds?.destroy();
    await portalDb?.drop();
    await embedded?.close();
    await engineDb?.drop();
  });

  it('runs a draft in the sandbox tenant, shows where it waits, and leaves real dossiers alone', async () => {
    const published = await client.call<{ id: string; tenantId: string | null }>(
      'GET',
      `/process-definition/key/${PROCEDURE_KEY}`,
    );
    expect(published.tenantId).toBeNull();
    const draft = await drafts.open(user, PROCEDURE_KEY, { kind: 'catalogue' });
    const run = await sandbox.start(user, draft.id, '127.0.0.1');
    expect(run.businessKey.startsWith(`CHAY-THU-${user.id}-`)).toBe(true);
    const def = await client.call<{ tenantId: string }>(
      'GET',
      `/process-definition/${run.processDefinitionId}`,
    );
    expect(def.tenantId).toBe(SANDBOX_TENANT);

    // Where it waits: the receipt, an external task no worker may fetch.
    const where = await sandbox.where(user, run.processInstanceId);
    expect(where.ended).toBe(false);
    expect(where.externalTasks).toHaveLength(1);
    expect(where.activityIds).toEqual([where.externalTasks[0]!.activityId]);
    const fetched = await client.call<unknown[]>('POST', '/external-task/fetchAndLock', {
      workerId: 'sandbox-test',
      maxTasks: 10,
      topics: [{ topicName: where.externalTasks[0]!.topicName, lockDuration: 1000, withoutTenantId: true }],
    });
    expect(fetched).toEqual([]);

    // The by-key lookup, the applicant's start and the officers' queries see only the real side.
    expect((await client.call<{ id: string }>('GET', `/process-definition/key/${PROCEDURE_KEY}`)).id).toBe(
      published.id,
    );
    const real = await client.call<{ id: string; definitionId: string; tenantId: string | null }>(
      'POST',
      `/process-definition/key/${PROCEDURE_KEY}/start`,
      { businessKey: `real-${Date.now()}` },
    );
    expect(real.definitionId).toBe(published.id);
    expect(real.tenantId).toBeNull();
    const sandboxTasks = await client.call<unknown[]>(
      'GET',
      `/task?processInstanceId=${run.processInstanceId}&tenantIdIn=${SANDBOX_TENANT}`,
    );
    expect(await client.tasks({ processInstanceId: run.processInstanceId })).toEqual([]);
    expect(sandboxTasks).toEqual([]); // it waits at an external task, not a user task
    expect(await client.countTasks({})).toBe(
      (await client.queryTasks({}, { firstResult: 0, maxResults: 1000 })).length,
    );

    // The designer's runs; another designer's view of it is "not found".
    expect((await sandbox.list(user)).map((r) => r.id)).toEqual([run.processInstanceId]);
    expect(await sandbox.list(other)).toEqual([]);
    await expect(sandbox.where(other, run.processInstanceId)).rejects.toThrow('Không tìm thấy lần chạy thử');
    await expect(sandbox.where(user, real.id)).rejects.toThrow('Không tìm thấy lần chạy thử');

    await sandbox.end(user, run.processInstanceId, '127.0.0.1');
    expect((await sandbox.where(user, run.processInstanceId)).ended).toBe(true);
    expect(await sandbox.list(user)).toEqual([]);
    const actions = (await audit.list({ actions: ['studio.sandbox-run', 'studio.sandbox-end'] })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['studio.sandbox-run', 'studio.sandbox-end']));
  });
});
