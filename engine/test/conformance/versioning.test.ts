/**
 * Conformance — versioning (issue 3): each deployment of a changed process is a new version;
 * running instances stay on theirs; `versionTag`; an unchanged redeployment with duplicate
 * filtering makes no version. REST only; see targets.ts.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { model, RUN, targets, useTarget } from './targets.js';

jest.setTimeout(60_000);

describe.each(targets)('versioning against $name', (target) => {
  const s = useTarget(target, 'conf-ver', () => ({ 'confVerPermit.bpmn': model('confVerPermit.bpmn') }));

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
});
