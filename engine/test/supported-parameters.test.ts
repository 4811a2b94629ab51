/**
 * Issue 11: every query parameter the OpenAPI document lists for an implemented operation is
 * honoured or answered with 400, never silently ignored. The table (src/rest/supported-parameters.ts)
 * is checked against the document here — never read by the engine at runtime — and against the
 * routes: a parameter the table calls honoured must be read by the route, every refused one gets
 * 400, every mounted route is accounted for, and sampled honoured filters really filter.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { testDatabases } from '@motcua/db/testing';
import { restRoutes } from '../src/rest/rest-app.js';
import {
  HONOURED_WITHOUT_READING,
  namesOf,
  OPERATIONS_NOT_YET_CHECKED,
  onlyValuesOf,
  SUPPORTED_QUERY_PARAMETERS,
} from '../src/rest/supported-parameters.js';
import { bpmn, flow } from './rest-client.js';
import { OPENAPI_PATH } from './contract/openapi-contract.js';
import { useEngine } from './harness.js';
import { recordQueryReads } from './query-reads.js';

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
}
const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as {
  paths: Record<string, Record<string, OpenApiOperation>>;
};

const listedOf = (operation: string): string[] => {
  const [method, path] = operation.split(' ') as [string, string];
  return (doc.paths[path]?.[method.toLowerCase()]?.parameters ?? [])
    .filter((p) => p.in === 'query')
    .map((p) => p.name);
};

/** Values a route checks before it reads the rest of its parameters. */
const VALUES: Record<string, Record<string, string>> = {
  'GET /history/process-instance/report': {
    reportType: 'duration',
    periodUnit: 'month',
    startedBefore: '2030-01-01T00:00:00.000%2B0000',
    startedAfter: '2020-01-01T00:00:00.000%2B0000',
  },
  'GET /authorization/check': { permissionName: 'READ', resourceType: '7' },
  'GET /history/process-definition/{id}/statistics': {
    startedBefore: '2030-01-01T00:00:00.000%2B0000',
    startedAfter: '2020-01-01T00:00:00.000%2B0000',
    finishedBefore: '2030-01-01T00:00:00.000%2B0000',
    finishedAfter: '2020-01-01T00:00:00.000%2B0000',
    sortBy: 'activityId',
  },
};

/** A one-rule decision: its evaluation is the decision instance `GET /history/decision-instance/{id}` reads. */
const DMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Defs_sp" name="SP" namespace="http://motcua.test">
  <decision id="sp-fee" name="Fee">
    <decisionTable id="T1" hitPolicy="FIRST">
      <input id="In_N" label="N"><inputExpression id="IE1" typeRef="integer"><text>n</text></inputExpression></input>
      <output id="Out_Fee" name="fee" typeRef="integer" />
      <rule id="R1"><inputEntry id="a1"><text>-</text></inputEntry><outputEntry id="o1"><text>n * 2</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

const implemented = restRoutes().map((r) => `${r.method} ${r.path}`);

describe('the table of supported query parameters', () => {
  it('names, per operation, exactly the query parameters the OpenAPI document lists', () => {
    for (const [operation, p] of Object.entries(SUPPORTED_QUERY_PARAMETERS)) {
      const honoured = namesOf(p.honoured);
      const refused = namesOf(p.notSupported);
      expect({ operation, overlap: honoured.filter((n) => refused.includes(n)) }).toEqual({
        operation,
        overlap: [],
      });
      expect({ operation, names: [...honoured, ...refused].sort() }).toEqual({
        operation,
        names: [...listedOf(operation)].sort(),
      });
    }
  });

  it('lets only honoured parameters go unread', () => {
    for (const [operation, names] of Object.entries(HONOURED_WITHOUT_READING))
      for (const name of Object.keys(names))
        expect({
          operation,
          name,
          honoured: namesOf(SUPPORTED_QUERY_PARAMETERS[operation]?.honoured ?? '').includes(name),
        }).toEqual({ operation, name, honoured: true });
  });

  it('accounts for every mounted route the OpenAPI document gives query parameters', () => {
    const withQuery = implemented.filter((op) => listedOf(op).length > 0);
    const missing = withQuery.filter(
      (op) => !SUPPORTED_QUERY_PARAMETERS[op] && !OPERATIONS_NOT_YET_CHECKED.includes(op),
    );
    expect(missing).toEqual([]);
    const stale = [...Object.keys(SUPPORTED_QUERY_PARAMETERS), ...OPERATIONS_NOT_YET_CHECKED].filter(
      (op) => !implemented.includes(op),
    );
    expect(stale).toEqual([]);
  });
});

const { reads } = recordQueryReads();

const dialects = await testDatabases();
const bodyOf = (method: string) => (method === 'GET' || method === 'DELETE' ? undefined : {});

describe.each(dialects)('query parameters on $dialect', (factory) => {
  const h = useEngine(factory);
  let instances: { id: string; businessKey: string }[] = [];
  /** Path parameters of real records, for routes that look their record up before reading the query. */
  let ids: Record<string, string> = {};
  const concrete = (operation: string, path: string) =>
    path.replace(/\{(\w+)\}/g, (_, name: string) => ids[`${operation} ${name}`] ?? 'none');

  beforeAll(async () => {
    const review = (id: string) =>
      bpmn(
        id,
        `<bpmn:startEvent id="s"/><bpmn:userTask id="review_${id}" name="Review ${id}" camunda:assignee="\${officer}"/>
         <bpmn:endEvent id="e"/>${flow('f1', 's', `review_${id}`)}${flow('f2', `review_${id}`, 'e')}`,
      );
    await h.api.ok(h.api.deploy({ 'pa.bpmn': review('pa'), 'pb.bpmn': review('pb') }));
    instances = [];
    for (const [key, officer, businessKey] of [
      ['pa', 'an', 'HS-1'],
      ['pa', 'binh', 'HS-2'],
      ['pb', 'an', 'HS-3'],
    ] as const) {
      const pi = await h.api.ok(
        h.api.post(`/process-definition/key/${key}/start`, {
          businessKey,
          variables: { officer: { value: officer, type: 'String' } },
        }),
      );
      instances.push({ id: pi.id, businessKey });
    }
    // HS-3's task is completed: it is in the history, no longer in the task list.
    const [done] = await h.api.ok(h.api.get(`/task?processInstanceId=${instances[2]!.id}`));
    await h.api.ok(h.api.post(`/task/${done.id}/complete`, {}));

    await h.api.ok(h.api.deploy({ 'sp.dmn': DMN }));
    await h.api.ok(
      h.api.post('/decision-definition/key/sp-fee/evaluate', {
        variables: { n: { value: 2, type: 'Integer' } },
      }),
    );
    const [decision] = await h.api.ok(h.api.get('/history/decision-instance?decisionDefinitionKey=sp-fee'));
    const filter = await h.api.ok(
      h.api.post('/filter/create', { resourceType: 'Task', name: 'Tất cả', query: {} }),
    );
    const [pa] = await h.api.ok(h.api.get('/process-definition?key=pa'));
    ids = {
      'GET /filter/{id}/list id': filter.id,
      'POST /filter/{id}/list id': filter.id,
      'GET /history/decision-instance/{id} id': decision.id,
      'GET /history/process-definition/{id}/statistics id': pa.id,
      'GET /process-definition/{id}/statistics id': pa.id,
      'GET /process-definition/key/{key}/statistics key': 'pa',
    };
  });

  it('answers 400 for every listed parameter it does not honour, naming it and the operation', async () => {
    for (const [operation, p] of Object.entries(SUPPORTED_QUERY_PARAMETERS)) {
      const [method, path] = operation.split(' ') as [string, string];
      for (const name of namesOf(p.notSupported)) {
        const r = await h.api.call(method, `${path}?${name}=true`, bodyOf(method));
        expect({ operation, name, status: r.status, body: r.body }).toEqual({
          operation,
          name,
          status: 400,
          body: {
            type: 'InvalidRequestException',
            message: `Query parameter '${name}' is not supported by ${operation}`,
            code: null,
          },
        });
      }
    }
  });

  it('reads every parameter the table calls honoured', async () => {
    reads.clear();
    for (const [operation, p] of Object.entries(SUPPORTED_QUERY_PARAMETERS)) {
      const [method, path] = operation.split(' ') as [string, string];
      const only = onlyValuesOf(p.honoured);
      const valueOf = (n: string) =>
        only.get(n) ??
        VALUES[operation]?.[n] ??
        (n === 'sortOrder' ? 'asc' : n === 'sortBy' ? 'id' : n === 'firstResult' ? '0' : 'true');
      const all = namesOf(p.honoured)
        .map((n) => `${n}=${valueOf(n)}`)
        .join('&');
      const target = concrete(operation, path);
      await h.api.call(method, target, bodyOf(method));
      await h.api.call(method, `${target}?${all}`, bodyOf(method));
      const read = reads.get(operation) ?? new Set<string>();
      const unread = namesOf(p.honoured).filter(
        (n) => !read.has(n) && !(n in (HONOURED_WITHOUT_READING[operation] ?? {})),
      );
      expect({ operation, unread }).toEqual({ operation, unread: [] });
    }
  });

  it('answers 400 for a value other than the one a name=value entry honours, and accepts that one', async () => {
    for (const [operation, p] of Object.entries(SUPPORTED_QUERY_PARAMETERS)) {
      const [method, path] = operation.split(' ') as [string, string];
      for (const [name, value] of onlyValuesOf(p.honoured)) {
        const other = value === 'true' ? 'false' : 'true';
        const r = await h.api.call(method, `${path}?${name}=${other}`, bodyOf(method));
        expect({ operation, name, status: r.status, body: r.body }).toEqual({
          operation,
          name,
          status: 400,
          body: {
            type: 'InvalidRequestException',
            message: `Query parameter '${name}' is not supported by ${operation} except as ${name}=${value}`,
            code: null,
          },
        });
        // The honoured value passes the check: the route answers (404 for an unknown id).
        const ok = await h.api.call(method, `${path}?${name}=${value}`, bodyOf(method));
        expect({ operation, name, status: ok.status }).toEqual({ operation, name, status: 404 });
      }
    }
  });

  it('deletes an instance as the deletion parameters ask', async () => {
    const pi = await h.api.ok(
      h.api.post('/process-definition/key/pa/start', {
        businessKey: 'HS-del',
        variables: { officer: { value: 'an', type: 'String' } },
      }),
    );
    // An instance already gone: 404, unless failIfNotExists=false (Camunda's 204).
    expect((await h.api.call('DELETE', '/process-instance/gone')).status).toBe(404);
    expect((await h.api.call('DELETE', '/process-instance/gone?failIfNotExists=true')).status).toBe(404);
    expect((await h.api.call('DELETE', '/process-instance/gone?failIfNotExists=false')).status).toBe(204);
    const del = await h.api.call(
      'DELETE',
      `/process-instance/${pi.id}?skipCustomListeners=true&skipIoMappings=true&skipSubprocesses=false&failIfNotExists=false`,
    );
    expect(del.status).toBe(204);
    expect(await h.api.ok(h.api.get(`/process-instance?businessKey=HS-del`))).toEqual([]);
    // Its history, removed once; a second removal is an error unless failIfNotExists=false.
    expect((await h.api.call('DELETE', `/history/process-instance/${pi.id}`)).status).toBe(204);
    expect((await h.api.call('DELETE', `/history/process-instance/${pi.id}`)).status).toBe(404);
    expect(
      (await h.api.call('DELETE', `/history/process-instance/${pi.id}?failIfNotExists=false`)).status,
    ).toBe(204);
  });

  it('applies sampled honoured parameters of operations with path parameters', async () => {
    const filterId = ids['GET /filter/{id}/list id']!;
    const filter = await h.api.ok(h.api.get(`/filter/${filterId}`));
    expect(filter).not.toHaveProperty('itemCount');
    expect(await h.api.ok(h.api.get(`/filter/${filterId}?itemCount=true`))).toMatchObject({ itemCount: 2 });
    expect(await h.api.ok(h.api.get(`/filter/${filterId}/list`))).toHaveLength(2);
    expect(await h.api.ok(h.api.get(`/filter/${filterId}/list?firstResult=1&maxResults=5`))).toHaveLength(1);
    expect(await h.api.ok(h.api.post(`/filter/${filterId}/list?maxResults=1`, {}))).toHaveLength(1);

    const [task] = await h.api.ok(h.api.get(`/task?processInstanceId=${instances[0]!.id}`));
    await h.api.ok(h.api.post(`/task/${task.id}/identity-links`, { groupId: 'officers', type: 'candidate' }));
    const types = async (query: string) =>
      ((await h.api.ok(h.api.get(`/task/${task.id}/identity-links${query}`))) as { type: string }[])
        .map((l) => l.type)
        .sort();
    expect(await types('')).toEqual(['assignee', 'candidate']);
    expect(await types('?type=candidate')).toEqual(['candidate']);

    // One failed external task: an incident counted by type, or for the type asked.
    await h.api.ok(
      h.api.deploy({
        'px.bpmn': bpmn(
          'px',
          `<bpmn:startEvent id="s"/><bpmn:serviceTask id="call" camunda:type="external" camunda:topic="px.call"/>
           <bpmn:endEvent id="e"/>${flow('f1', 's', 'call')}${flow('f2', 'call', 'e')}`,
        ),
      }),
    );
    await h.api.ok(h.api.post('/process-definition/key/px/start', {}));
    const [ext] = await h.api.ok(
      h.api.post('/external-task/fetchAndLock', {
        workerId: 'w',
        maxTasks: 1,
        topics: [{ topicName: 'px.call', lockDuration: 60_000 }],
      }),
    );
    await h.api.ok(
      h.api.post(`/external-task/${ext.id}/failure`, { workerId: 'w', errorMessage: 'down', retries: 0 }),
    );
    const incidents = async (query: string) =>
      (
        (await h.api.ok(h.api.get(`/process-definition/key/px/statistics${query}`))) as {
          incidents: unknown[];
        }[]
      ).flatMap((r) => r.incidents);
    expect(await incidents('')).toEqual([]);
    expect(await incidents('?incidents=true')).toEqual([
      { incidentType: 'failedExternalTask', incidentCount: 1 },
    ]);
    expect(await incidents('?incidentsForType=failedExternalTask')).toEqual([
      { incidentType: 'failedExternalTask', incidentCount: 1 },
    ]);
    expect(await incidents('?incidentsForType=failedJob')).toEqual([]);
    const both = await h.api.call(
      'GET',
      '/process-definition/key/px/statistics?incidents=true&incidentsForType=x',
    );
    expect({ status: both.status, type: both.body.type }).toEqual({
      status: 400,
      type: 'InvalidRequestException',
    });
  });

  it('ignores parameters the OpenAPI document does not list, as Camunda does', async () => {
    const r = await h.api.ok(h.api.get('/task?noSuchParameter=1'));
    expect(r).toHaveLength(2);
  });

  it('applies sampled honoured filters', async () => {
    const [a1, a2, b3] = instances as [(typeof instances)[0], (typeof instances)[0], (typeof instances)[0]];
    const ids = async (path: string, field = 'id') =>
      ((await h.api.ok(h.api.get(path))) as Record<string, string>[]).map((x) => x[field]).sort();

    expect(await ids(`/task?processInstanceIdIn=${a2.id}`, 'processInstanceId')).toEqual([a2.id]);
    expect(await ids('/task?assignee=an', 'processInstanceId')).toEqual([a1.id]);
    expect(await ids('/task?taskDefinitionKey=review_pa', 'processInstanceId')).toEqual(
      [a1.id, a2.id].sort(),
    );
    expect(await ids('/task?processInstanceBusinessKey=HS-2', 'processInstanceId')).toEqual([a2.id]);
    expect(await ids('/process-instance?businessKey=HS-1')).toEqual([a1.id]);
    expect(await ids('/process-instance?processDefinitionKey=pa')).toEqual([a1.id, a2.id].sort());
    expect(await ids('/history/process-instance?finished=true')).toEqual([b3.id]);
    expect(await ids('/history/process-instance?processInstanceBusinessKey=HS-2')).toEqual([a2.id]);
    expect(await ids('/history/task?taskAssignee=binh', 'processInstanceId')).toEqual([a2.id]);
    expect(await ids('/history/task?finished=true', 'processInstanceId')).toEqual([b3.id]);
    expect(
      await ids(`/history/variable-instance?processInstanceId=${b3.id}&variableName=officer`, 'value'),
    ).toEqual(['an']);
  });
});
