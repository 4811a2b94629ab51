import { describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

const simple = (key: string, name = 'Simple') =>
  bpmn(
    key,
    `<bpmn:startEvent id="start" />${flow('f1', 'start', 'task')}<bpmn:userTask id="task" name="${name}" />${flow('f2', 'task', 'end')}<bpmn:endEvent id="end" />`,
  );

describe.each(dialects)('deployment on $dialect', (factory) => {
  const h = useEngine(factory);

  it('deploys a BPMN file and answers DeploymentWithDefinitionsDto with exact application/json', async () => {
    const res = await h.api.deploy(
      { 'dep-a.bpmn': simple('dep-a') },
      { 'deployment-name': 'dep-a', 'deployment-source': 'test' },
    );
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json');
    expect(res.body).toMatchObject({
      name: 'dep-a',
      source: 'test',
      tenantId: null,
      deploymentTime: '2026-11-27T10:00:00.000+0000',
    });
    const defs = Object.values(res.body.deployedProcessDefinitions) as {
      key: string;
      version: number;
      id: string;
      resource: string;
    }[];
    expect(defs).toHaveLength(1);
    expect(defs[0]).toMatchObject({ key: 'dep-a', version: 1, resource: 'dep-a.bpmn' });
    expect(defs[0]!.id).toMatch(/^dep-a:1:/);
    expect(res.body.links).toEqual([
      { method: 'GET', href: `${h.engine.url}/deployment/${res.body.id}`, rel: 'self' },
    ]);
  });

  it('creates a new version per deployment and serves the latest by key', async () => {
    await h.api.ok(h.api.deploy({ 'dep-b.bpmn': simple('dep-b', 'one') }));
    await h.api.ok(h.api.deploy({ 'dep-b.bpmn': simple('dep-b', 'two') }));
    const latest = await h.api.ok(h.api.get('/process-definition/key/dep-b'));
    expect(latest.version).toBe(2);
    const all = await h.api.ok(h.api.get('/process-definition?key=dep-b&sortBy=version&sortOrder=desc'));
    expect(all.map((d: { version: number }) => d.version)).toEqual([2, 1]);
    const onlyLatest = await h.api.ok(h.api.get('/process-definition?key=dep-b&latestVersion=true'));
    expect(onlyLatest).toHaveLength(1);
    const xml = await h.api.ok(h.api.get(`/process-definition/${latest.id}/xml`));
    expect(xml.id).toBe(latest.id);
    expect(xml.bpmn20Xml).toContain('name="two"');
  });

  it('filters duplicates: same resources → the existing deployment, no new definitions', async () => {
    const fields = { 'deployment-name': 'dup', 'enable-duplicate-filtering': 'true' };
    const first = await h.api.ok(h.api.deploy({ 'dup.bpmn': simple('dup') }, fields));
    const again = await h.api.ok(h.api.deploy({ 'dup.bpmn': simple('dup') }, fields));
    expect(again.id).toBe(first.id);
    expect(again.deployedProcessDefinitions).toBeNull();
    const changed = await h.api.ok(h.api.deploy({ 'dup.bpmn': simple('dup', 'changed') }, fields));
    expect(changed.id).not.toBe(first.id);
    expect(Object.values(changed.deployedProcessDefinitions)).toMatchObject([{ key: 'dup', version: 2 }]);
  });

  it('deploy-changed-only deploys only the changed resources', async () => {
    const fields = { 'deployment-name': 'dco', 'deploy-changed-only': 'true' };
    await h.api.ok(
      h.api.deploy(
        { 'dco-1.bpmn': simple('dco-1'), 'dco-2.bpmn': simple('dco-2'), 'f.form': '{"components":[]}' },
        fields,
      ),
    );
    const next = await h.api.ok(
      h.api.deploy(
        {
          'dco-1.bpmn': simple('dco-1'),
          'dco-2.bpmn': simple('dco-2', 'new'),
          'f.form': '{"components":[]}',
        },
        fields,
      ),
    );
    expect(Object.values(next.deployedProcessDefinitions)).toMatchObject([{ key: 'dco-2', version: 2 }]);
    const resources = await h.api.ok(h.api.get(`/deployment/${next.id}/resources`));
    expect(resources.map((r: { name: string }) => r.name)).toEqual(['dco-2.bpmn']);
  });

  it('stores .form resources and serves their content', async () => {
    const dep = await h.api.ok(
      h.api.deploy({ 'only.form': '{"id":"f","components":[]}' }, { 'deployment-name': 'forms' }),
    );
    expect(dep.deployedProcessDefinitions).toEqual({});
    const [resource] = await h.api.ok(h.api.get(`/deployment/${dep.id}/resources`));
    const data = await h.api.get(`/deployment/${dep.id}/resources/${resource.id}/data`);
    expect(data.status).toBe(200);
    expect(data.body).toEqual({ id: 'f', components: [] });
  });

  it('refuses unparsable XML with a 400 ParseException', async () => {
    const res = await h.api.deploy({
      'broken.bpmn':
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process',
    });
    expect(res.status).toBe(400);
    expect(res.contentType).toBe('application/json');
    expect(res.body.type).toBe('ParseException');
    expect(res.body.message).toMatch(/^ENGINE-09005 Could not parse BPMN process/);
  });

  it('refuses unsupported elements, naming them', async () => {
    const xml = bpmn(
      'timers',
      `<bpmn:startEvent id="start" />${flow('f1', 'start', 'wait')}
      <bpmn:intermediateCatchEvent id="wait"><bpmn:compensateEventDefinition /></bpmn:intermediateCatchEvent>
      ${flow('f2', 'wait', 'end')}<bpmn:endEvent id="end" />`,
    );
    const res = await h.api.deploy({ 'timers.bpmn': xml });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('ParseException');
    expect(res.body.message).toContain("'wait'");
    expect(res.body.message).toContain('bpmn:IntermediateCatchEvent');
    expect(res.body.details['timers.bpmn'].errors[0].mainElementId).toBe('wait');
    expect((await h.api.get('/process-definition/key/timers')).status).toBe(404);
  });

  it('refuses an invalid condition expression at deployment', async () => {
    const xml = bpmn(
      'badcond',
      `<bpmn:startEvent id="start" />${flow('f1', 'start', 'gw')}<bpmn:exclusiveGateway id="gw" />
      ${flow('f2', 'gw', 'end', '${a ==}')}<bpmn:endEvent id="end" />`,
    );
    const res = await h.api.deploy({ 'badcond.bpmn': xml });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("'f2'");
  });

  it('answers 404 with a Camunda error body for unknown keys and ids', async () => {
    const byKey = await h.api.get('/process-definition/key/nope');
    expect(byKey.status).toBe(404);
    expect(byKey.contentType).toBe('application/json');
    expect(byKey.body).toEqual({
      type: 'InvalidRequestException',
      message: 'No matching process definition with key: nope and no tenant-id',
      code: null,
    });
    expect((await h.api.get('/process-definition/nope:1:x')).status).toBe(404);
    expect((await h.api.post('/process-definition/key/nope/start', {})).status).toBe(404);
    expect((await h.api.get('/deployment/unknown')).status).toBe(404);
  });

  it('lists deployments and serves /engine and /version', async () => {
    const list = await h.api.ok(h.api.get('/deployment?name=dep-a'));
    expect(list).toHaveLength(1);
    expect((await h.api.ok(h.api.get('/deployment?maxResults=0'))).length).toBe(0);
    expect(await h.api.ok(h.api.get('/engine'))).toEqual([{ name: 'default' }]);
    expect((await h.api.ok(h.api.get('/version'))).version).toMatch(/^7\./);
  });
  it('answers unknown routes and methods with a JSON error body', async () => {
    const unknown = await h.api.get('/no-such-resource');
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toBe('application/json');
    const wrongMethod = await h.api.call('PATCH', '/deployment');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.contentType).toBe('application/json');
    expect(wrongMethod.body.type).toBe('InvalidRequestException');
  });
});
