/**
 * Conformance — versioning (issue 3): each deployment of a changed process is a new version;
 * running instances stay on theirs; `versionTag`; an unchanged redeployment with duplicate
 * filtering makes no version; a tenant's deployment never becomes the "latest" of the by-key
 * routes, message starts and task queries without a tenant (the portal's sandbox tenant relies on
 * it). REST only; see targets.ts.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { model, RUN, targets, useTarget } from './targets.js';

jest.setTimeout(60_000);

describe.each(targets)('versioning against $name', (target) => {
  const s = useTarget(target, 'conf-ver', () => ({
    'confVerPermit.bpmn': model('confVerPermit.bpmn'),
    'confVerTenantStart.bpmn': model('confVerTenantStart.bpmn'),
    'confVerCaller.bpmn': model('confVerCaller.bpmn'),
    'confVerCallee.bpmn': model('confVerCallee.bpmn'),
  }));

  it('a new version for new instances; a running instance stays on its version', async () => {
    const v1Id = s.definitionIds.get('confVerPermit')!;
    const v1 = await s.api.ok(s.api.get(`/process-definition/${v1Id}`));
    expect(v1.versionTag).toBe('1.0');
    const old = (await s.start('confVerPermit')).id;

    const dep = await s.deploy({ 'confVerPermit.bpmn': model('v2/confVerPermit.bpmn') });
    const [v2] = Object.values(dep.deployedProcessDefinitions) as {
      id: string;
      version: number;
      versionTag: string;
    }[];
    expect(v2!.version).toBe(v1.version + 1);
    expect(v2!.versionTag).toBe('2.0');
    // The latest by key is version 2; a start by key runs it.
    const latest = await s.api.ok(s.api.get('/process-definition/key/confVerPermit'));
    expect(latest.id).toBe(v2!.id);
    const fresh = await s.api.ok(
      s.api.post('/process-definition/key/confVerPermit/start', { businessKey: s.key() }),
    );
    expect(fresh.definitionId).toBe(v2!.id);
    await s.completeTask(fresh.id, 'Task_Review');
    expect(await s.tasks(fresh.id)).toEqual(['Task_SignV2']);

    // The instance started before goes on along version 1.
    expect((await s.api.ok(s.api.get(`/process-instance/${old}`))).definitionId).toBe(v1Id);
    await s.completeTask(old, 'Task_Review');
    expect(await s.tasks(old)).toEqual(['Task_SignV1']);
    expect((await s.history(old)).processDefinitionVersion).toBe(v1.version);

    // Definitions by version tag.
    // (An engine used before may hold older versions tagged 1.0 too.)
    const tagged = await s.api.ok(s.api.get('/process-definition?key=confVerPermit&versionTag=1.0'));
    const ids = tagged.map((d: { id: string }) => d.id);
    expect(ids).toContain(v1Id);
    expect(ids).not.toContain(v2!.id);
  });

  it('an unchanged redeployment with duplicate filtering makes no new version', async () => {
    const name = `conf-ver-dup-${RUN}`;
    const first = await s.api.deploy(
      { 'confVerPermit.bpmn': model('v2/confVerPermit.bpmn') },
      { 'deployment-name': name, 'enable-duplicate-filtering': 'true' },
    );
    expect(first.status).toBe(200);
    const before = await s.api.ok(s.api.get('/process-definition/key/confVerPermit'));
    const again = await s.api.deploy(
      { 'confVerPermit.bpmn': model('v2/confVerPermit.bpmn') },
      { 'deployment-name': name, 'enable-duplicate-filtering': 'true' },
    );
    expect(again.status).toBe(200);
    expect(again.body.deployedProcessDefinitions).toBeNull();
    const after = await s.api.ok(s.api.get('/process-definition/key/confVerPermit'));
    expect(after.version).toBe(before.version);
  });

  it("a tenant's deployment is not the latest of the key; tenant-less queries leave it out", async () => {
    const tenant = 'conft1';
    const before = await s.api.ok(s.api.get('/process-definition/key/confVerPermit'));
    expect(before.tenantId).toBeNull();
    const res = await s.api.deploy(
      {
        'confVerPermit.bpmn': model('v2/confVerPermit.bpmn'),
        'confVerTenantStart.bpmn': model('confVerTenantStart.bpmn'),
        'confVerCallee.bpmn': model('confVerCallee.bpmn'),
      },
      { 'deployment-name': `conf-ver-tenant-${RUN}`, 'tenant-id': tenant },
    );
    expect([res.status, res.body?.message]).toEqual([200, undefined]);
    const deployed = Object.values(res.body.deployedProcessDefinitions) as {
      id: string;
      key: string;
      tenantId: string | null;
    }[];
    const tenantDef = deployed.find((d) => d.key === 'confVerPermit')!;
    expect(tenantDef.tenantId).toBe(tenant);

    // By key: still the tenant-less version (Camunda: "belongs to no tenant"); the tenant's by its route.
    const latest = await s.api.ok(s.api.get('/process-definition/key/confVerPermit'));
    expect(latest.id).toBe(before.id);
    expect((await s.api.ok(s.api.get('/process-definition/key/confVerPermit/xml'))).id).toBe(before.id);
    const scoped = await s.api.ok(s.api.get(`/process-definition/key/confVerPermit/tenant-id/${tenant}`));
    expect(scoped.id).toBe(tenantDef.id);
    const real = await s.api.ok(
      s.api.post('/process-definition/key/confVerPermit/start', { businessKey: s.key() }),
    );
    expect(real.definitionId).toBe(before.id);
    expect(real.tenantId).toBeNull();

    // A tenant's instance: its task is left out of task queries without a tenant, list and count.
    const test = await s.api.ok(
      s.api.post(`/process-definition/${tenantDef.id}/start`, { businessKey: s.key() }),
    );
    expect(test.tenantId).toBe(tenant);
    const both = `processInstanceIdIn=${real.id},${test.id}`;
    const all = await s.api.ok(s.api.get(`/task?${both}`));
    expect(all.map((t: { tenantId: string | null }) => t.tenantId).sort()).toEqual([tenant, null].sort());
    const untenanted = await s.api.ok(s.api.get(`/task?${both}&withoutTenantId=true`));
    expect(untenanted.map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([real.id]);
    const count = await s.api.ok(
      s.api.post('/task/count', { processInstanceIdIn: [real.id, test.id], withoutTenantId: true }),
    );
    expect(count.count).toBe(1);
    const inTenant = await s.api.ok(s.api.get(`/task?${both}&tenantIdIn=${tenant}`));
    expect(inTenant.map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([test.id]);

    // A message start without a tenant starts the tenant-less version only.
    const started = await s.api.ok(
      s.api.post('/message', {
        messageName: 'conf-ver-tenant-apply',
        withoutTenantId: true,
        businessKey: s.key(),
        resultEnabled: true,
      }),
    );
    expect(started).toHaveLength(1);
    const pi = await s.api.ok(s.api.get(`/process-instance/${started[0].processInstance.id}`));
    expect(pi.definitionId).toBe(s.definitionIds.get('confVerTenantStart'));
    expect(pi.tenantId).toBeNull();

    // A tenant-less caller's call activity (binding latest) calls the tenant-less callee.
    const caller = await s.start('confVerCaller');
    const [child] = await s.api.ok(s.api.get(`/process-instance?superProcessInstance=${caller.id}`));
    expect(child.definitionId).toBe(s.definitionIds.get('confVerCallee'));
    expect(child.tenantId).toBeNull();
  });
});
