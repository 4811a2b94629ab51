/**
 * Issue 11 for POST queries: every property of a POST query's JSON body that the OpenAPI document
 * lists (its `…QueryDto` schema) is honoured or answered with 400, never silently ignored. The
 * table is src/rest/supported-parameters.ts (a body property is the GET twin's query parameter,
 * plus BODY_ONLY_PROPERTIES): checked here against the document's request-body schemas, and
 * against the routes — every refused property gets 400, every honoured one is read by the route,
 * and the filters implemented for POST bodies filter.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Context } from 'koa';
import { testDatabases } from '@motcua/db/testing';
import { restRoutes } from '../src/rest/rest-app.js';
import { groupFilterOfBody } from '../src/rest/group.routes.js';
import {
  BODY_ONLY_PROPERTIES,
  getTwinOf,
  HONOURED_WITHOUT_READING,
  namesOf,
  refusedBodyProperties,
  SUPPORTED_QUERY_PARAMETERS,
} from '../src/rest/supported-parameters.js';
import { taskQueryFromBody } from '../src/rest/task-query.js';
import { bpmn, flow } from './rest-client.js';
import { OPENAPI_PATH } from './contract/openapi-contract.js';
import { useEngine } from './harness.js';
import { recordQueryReads } from './query-reads.js';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
}
interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Schema> };
};
const resolve = (s: Schema | undefined): Schema | undefined =>
  s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s;
const operationOf = (op: string) => {
  const [method, path] = op.split(' ') as [string, string];
  return doc.paths[path]?.[method.toLowerCase()];
};
const bodySchemaOf = (op: string) => operationOf(op)?.requestBody?.content?.['application/json']?.schema;
const bodyPropertiesOf = (op: string): Record<string, Schema> => {
  const props = resolve(bodySchemaOf(op))?.properties ?? {};
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, resolve(v) ?? v]));
};
const queryParametersOf = (op: string) =>
  (operationOf(op)?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);

/** honoured and refused body properties of an operation, as the table says. */
function classified(op: string): { honoured: string[]; refused: string[] } {
  const twin = SUPPORTED_QUERY_PARAMETERS[getTwinOf(op)]!;
  const only = BODY_ONLY_PROPERTIES[op]!;
  const refused = new Set([
    ...namesOf(twin.notSupported),
    ...(namesOf(twin.notSupported).includes('sortBy') ? ['sorting'] : []),
    ...namesOf(only.notSupported),
  ]);
  const names = Object.keys(bodyPropertiesOf(op));
  return { honoured: names.filter((n) => !refused.has(n)), refused: names.filter((n) => refused.has(n)) };
}

const isVariableFilter = (s: Schema) =>
  s.type === 'array' && Object.hasOwn(resolve(s.items)?.properties ?? {}, 'operator');

/** A value of the property's type (the refusal comes before the value is looked at). */
function sample(name: string, s: Schema): unknown {
  if (name === 'sorting') return [{ sortBy: 'id', sortOrder: 'asc' }];
  if (isVariableFilter(s)) return [{ name: 'v', operator: 'eq', value: 'x' }];
  if (s.type === 'array') return resolve(s.items)?.type === 'object' ? [{}] : ['x'];
  if (s.type === 'boolean') return true;
  if (s.type === 'integer' || s.type === 'number') return 1;
  if (s.format === 'date-time') return '2026-01-01T00:00:00.000+0000';
  if (s.type === 'object') return {};
  return 'x';
}

const postQueries = Object.keys(BODY_ONLY_PROPERTIES);
const implemented = restRoutes().map((r) => `${r.method} ${r.path}`);

describe('the table of supported POST query body properties', () => {
  it('names, per operation, exactly the body properties of its …QueryDto beyond the GET twin', () => {
    for (const op of postQueries) {
      const twin = getTwinOf(op);
      expect({ op, twinInTable: Boolean(SUPPORTED_QUERY_PARAMETERS[twin]) }).toEqual({
        op,
        twinInTable: true,
      });
      const onlyInBody = Object.keys(bodyPropertiesOf(op)).filter(
        (n) => n !== 'sorting' && !queryParametersOf(twin).includes(n),
      );
      // The engine's view of the table agrees with the one this test derives from it.
      const refused = [...refusedBodyProperties(op)].filter((n) => n in bodyPropertiesOf(op));
      expect({ op, refused: refused.sort() }).toEqual({ op, refused: classified(op).refused.sort() });
      const only = BODY_ONLY_PROPERTIES[op]!;
      expect({ op, names: [...namesOf(only.honoured), ...namesOf(only.notSupported)].sort() }).toEqual({
        op,
        names: onlyInBody.sort(),
      });
    }
  });

  it('accounts for every mounted POST route whose body is a …QueryDto', () => {
    const queries = implemented.filter(
      (op) => op.startsWith('POST ') && /QueryDto$/.test(bodySchemaOf(op)?.$ref ?? '') && !op.includes('{'),
    );
    expect(queries.sort()).toEqual([...postQueries].sort());
  });
});

const { reads, restore: restoreQueryReads } = recordQueryReads();
afterAll(restoreQueryReads);

/** POST queries whose routes read the parsed body itself (not turned into query parameters). */
const READ_FROM_BODY: Record<string, (body: Record<string, unknown>) => unknown> = {
  'POST /task': (body) => taskQueryFromBody({ state: {}, query: {} } as unknown as Context, body),
  'POST /task/count': (body) => taskQueryFromBody({ state: {}, query: {} } as unknown as Context, body),
  'POST /group': groupFilterOfBody,
  'POST /group/count': groupFilterOfBody,
};

it('the task and group body parsers read every honoured property', () => {
  for (const [op, parse] of Object.entries(READ_FROM_BODY)) {
    const read = new Set<string>();
    const body = new Proxy({} as Record<string, unknown>, {
      get: (_t, key) => {
        if (typeof key === 'string') read.add(key);
        return undefined;
      },
    });
    parse(body);
    const unread = classified(op).honoured.filter((n) => !read.has(n));
    expect({ op, unread, listed: classified(op).honoured.length > 0 }).toEqual({
      op,
      unread: [],
      listed: true,
    });
  }
});

const dialects = await testDatabases();

describe.each(dialects)('POST query bodies on $dialect', (factory) => {
  const h = useEngine(factory);
  let ids: { a1: string; a2: string; b3: string } = { a1: '', a2: '', b3: '' };
  let deploymentId = '';

  beforeAll(async () => {
    const review = (id: string) =>
      bpmn(
        id,
        `<bpmn:startEvent id="s"/><bpmn:userTask id="review_${id}" camunda:assignee="\${officer}"/>
         <bpmn:endEvent id="e"/>${flow('f1', 's', `review_${id}`)}${flow('f2', `review_${id}`, 'e')}`,
      );
    const timed = bpmn(
      'timed',
      `<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
       <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="work" camunda:asyncBefore="true"/>
       <bpmn:endEvent id="e"/>${flow('f1', 's', 'wait')}${flow('f2', 'wait', 'work')}${flow('f3', 'work', 'e')}`,
    );
    deploymentId = (
      await h.api.ok(h.api.deploy({ 'pa.bpmn': review('pa'), 'pb.bpmn': review('pb'), 'timed.bpmn': timed }))
    ).id as string;
    const start = async (key: string, businessKey: string, officer: string, note: string) =>
      (
        await h.api.ok(
          h.api.post(`/process-definition/key/${key}/start`, {
            businessKey,
            variables: {
              officer: { value: officer, type: 'String' },
              note: { value: note, type: 'String' },
              amount: { value: businessKey === 'HS-2' ? 5 : 7, type: 'Integer' },
            },
          }),
        )
      ).id as string;
    ids = {
      a1: await start('pa', 'HS-1', 'an', 'đủ, hợp lệ'),
      a2: await start('pa', 'HS-2', 'binh', 'thiếu giấy tờ'),
      b3: await start('pb', 'HS-3', 'an', 'đủ'),
    };
    // HS-3 is completed: it is in the history only.
    const [done] = await h.api.ok(h.api.get(`/task?processInstanceId=${ids.b3}`));
    await h.api.ok(h.api.post(`/task/${done.id}/complete`, {}));
  });

  it('answers 400 for every body property the table refuses, naming it and the operation', async () => {
    let checked = 0;
    for (const op of postQueries) {
      const path = op.split(' ')[1]!;
      const props = bodyPropertiesOf(op);
      for (const name of classified(op).refused) {
        const r = await h.api.call('POST', path, { [name]: sample(name, props[name]!) });
        expect({ op, name, status: r.status, body: r.body }).toEqual({
          op,
          name,
          status: 400,
          body: {
            type: 'InvalidRequestException',
            message: `Body property '${name}' is not supported by ${op}`,
            code: null,
          },
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    // Inside an or-query too.
    const r = await h.api.call('POST', '/task', { orQueries: [{ assignee: 'an', owner: 'an' }] });
    expect([r.status, r.body.message]).toEqual([400, "Body property 'owner' is not supported by POST /task"]);
    // A second sort key would be dropped.
    const sorted = await h.api.call('POST', '/history/task', {
      sorting: [
        { sortBy: 'startTime', sortOrder: 'asc' },
        { sortBy: 'taskId', sortOrder: 'asc' },
      ],
    });
    expect([sorted.status, sorted.body.message]).toEqual([
      400,
      'Sorting by more than one property is not supported by POST /history/task',
    ]);
  });

  it('reads every honoured body property, and never answers "not supported" for one', async () => {
    reads.clear();
    for (const op of postQueries) {
      const path = op.split(' ')[1]!;
      const props = bodyPropertiesOf(op);
      for (const name of classified(op).honoured) {
        const r = await h.api.call('POST', path, { [name]: sample(name, props[name]!) });
        expect({ op, name, notSupported: /not supported/.test(String(r.body?.message)) }).toEqual({
          op,
          name,
          notSupported: false,
        });
      }
      if (READ_FROM_BODY[op]) continue; // read from the body itself: the test above
      const read = reads.get(op) ?? new Set<string>();
      const unreadAllowed = HONOURED_WITHOUT_READING[getTwinOf(op)] ?? {};
      const unread = classified(op)
        // The order of a count does not matter: its sorting is accepted and not read, as Camunda does.
        .honoured.filter((n) => !(n === 'sorting' && op.endsWith('/count')))
        .map((n) => (n === 'sorting' ? 'sortBy' : n))
        .filter((n) => !read.has(n) && !(n in unreadAllowed));
      expect({ op, unread }).toEqual({ op, unread: [] });
    }
  });

  it("refuses the same properties in a task filter's saved query and its extension", async () => {
    const refusedCreate = await h.api.call('POST', '/filter/create', {
      resourceType: 'Task',
      name: 'mine',
      query: { assignee: 'an', owner: 'an' },
    });
    expect([refusedCreate.status, refusedCreate.body.message]).toEqual([
      400,
      "Body property 'owner' is not supported by POST /filter/create",
    ]);
    const filter = (await h.api.ok(
      h.api.post('/filter/create', { resourceType: 'Task', name: 'mine', query: { assignee: 'an' } }),
    )) as { id: string };
    const listed = (await h.api.ok(h.api.post(`/filter/${filter.id}/list`, {}))) as {
      processInstanceId: string;
    }[];
    expect(listed.map((t) => t.processInstanceId)).toEqual([ids.a1]);
    const extended = await h.api.call('POST', `/filter/${filter.id}/list`, { delegationState: 'PENDING' });
    expect([extended.status, extended.body.message]).toEqual([
      400,
      "Body property 'delegationState' is not supported by POST /filter/{id}/list",
    ]);
    const updated = await h.api.call('PUT', `/filter/${filter.id}`, {
      resourceType: 'Task',
      name: 'mine',
      query: { orQueries: [{ assigneeLike: 'a%' }] },
    });
    expect([updated.status, updated.body.message]).toEqual([
      400,
      "Body property 'assigneeLike' is not supported by PUT /filter/{id}",
    ]);
  });

  it('filters historic and runtime process instances by variables in the body', async () => {
    const { a1, a2, b3 } = ids;
    const post = async (path: string, body: unknown) =>
      ((await h.api.ok(h.api.post(path, body))) as { id: string }[]).map((x) => x.id).sort();
    const count = async (path: string, body: unknown) =>
      ((await h.api.ok(h.api.post(path, body))) as { count: number }).count;
    const eq = (name: string, value: unknown) => ({ variables: [{ name, operator: 'eq', value }] });

    expect(await post('/history/process-instance', eq('officer', 'an'))).toEqual([a1, b3].sort());
    expect(await count('/history/process-instance/count', eq('officer', 'an'))).toBe(2);
    expect(await post('/history/process-instance', eq('amount', 5))).toEqual([a2]);
    expect(
      await post('/history/process-instance', {
        variables: [
          { name: 'officer', operator: 'eq', value: 'an' },
          { name: 'note', operator: 'like', value: 'đủ%' },
        ],
      }),
    ).toEqual([a1, b3].sort());
    expect(
      await post('/history/process-instance', {
        variables: [{ name: 'officer', operator: 'neq', value: 'an' }],
      }),
    ).toEqual([a2]);
    expect(
      await post('/history/process-instance', { ...eq('officer', 'an'), processInstanceIds: [a1, a2] }),
    ).toEqual([a1]);
    expect(await post('/history/process-instance', { ...eq('officer', 'an'), finished: true })).toEqual([b3]);
    expect(await post('/history/process-instance', eq('officer', 'nobody'))).toEqual([]);
    // The same as a GET parameter.
    const viaGet = (await h.api.ok(h.api.get('/history/process-instance?variables=officer_eq_binh'))) as {
      id: string;
    }[];
    expect(viaGet.map((x) => x.id)).toEqual([a2]);

    // A value with a comma is one value (the body's filters are not re-parsed from text).
    expect(await post('/history/process-instance', eq('note', 'đủ, hợp lệ'))).toEqual([a1]);
    expect(await post('/process-instance', eq('note', 'đủ, hợp lệ'))).toEqual([a1]);

    expect(await post('/process-instance', eq('officer', 'an'))).toEqual([a1]);
    expect(await count('/process-instance/count', eq('amount', 5))).toBe(1);
  });

  it('filters and sorts historic variables in the body', async () => {
    const { a1, b3 } = ids;
    const names = (await h.api.ok(
      h.api.post('/history/variable-instance', {
        processInstanceIdIn: [a1, b3],
        variableNameIn: ['officer', 'note'],
        sorting: [{ sortBy: 'variableName', sortOrder: 'desc' }],
      }),
    )) as { name: string }[];
    expect(names.map((v) => v.name)).toEqual(['officer', 'officer', 'note', 'note']);
    const count = (await h.api.ok(
      h.api.post('/history/variable-instance/count', {
        processInstanceIdIn: [a1],
        variableNameIn: ['amount'],
      }),
    )) as { count: number };
    expect(count.count).toBe(1);
    const [task] = (await h.api.ok(h.api.get(`/history/task?processInstanceId=${a1}`))) as { id: string }[];
    expect(
      await h.api.ok(
        h.api.post('/history/variable-instance', { taskIdIn: [task!.id], variableName: 'officer' }),
      ),
    ).toEqual([]);
  });

  it('filters job definitions by jobType, jobConfiguration and tenant in the body', async () => {
    const count = async (body: unknown) =>
      ((await h.api.ok(h.api.post('/job-definition/count', body))) as { count: number }).count;
    expect(await count({})).toBe(2);
    expect(await count({ jobType: 'timer-intermediate-transition' })).toBe(1);
    expect(await count({ jobType: 'async-continuation', jobConfiguration: 'async-before' })).toBe(1);
    expect(await count({ jobType: 'no-such-type' })).toBe(0);
    expect(await count({ tenantIdIn: ['t1'] })).toBe(0);
    expect(await count({ tenantIdIn: ['t1'], includeJobDefinitionsWithoutTenantId: true })).toBe(2);
    expect(await count({ withoutTenantId: true })).toBe(2);
    const listed = (await h.api.ok(
      h.api.post('/job-definition', { jobType: 'timer-intermediate-transition' }),
    )) as { activityId: string }[];
    expect(listed.map((d) => d.activityId)).toEqual(['wait']);
  });

  it('filters external tasks by the full query, GET and POST alike', async () => {
    const pi = (await h.api.ok(h.api.post('/process-definition/key/timed/start', {}))) as { id: string };
    const [timer] = (await h.api.ok(h.api.get(`/job?processInstanceId=${pi.id}`))) as { id: string }[];
    await h.api.ok(h.api.post(`/job/${timer!.id}/execute`, {}));
    const [async] = (await h.api.ok(h.api.get(`/job?processInstanceId=${pi.id}`))) as { id: string }[];
    await h.api.ok(h.api.post(`/job/${async!.id}/execute`, {}));
    const viaPost = (await h.api.ok(
      h.api.post('/external-task', { processInstanceIdIn: [pi.id, 'other'], notLocked: true }),
    )) as { processInstanceId: string }[];
    expect(viaPost.map((t) => t.processInstanceId)).toEqual([pi.id]);
    expect(await h.api.ok(h.api.post('/external-task', { processInstanceIdIn: ['other'] }))).toEqual([]);
    // The job log of the deployment's definitions: both jobs executed.
    const logs = (await h.api.ok(
      h.api.post('/history/job-log', { deploymentId, successLog: true, processInstanceId: pi.id }),
    )) as unknown[];
    expect(logs).toHaveLength(2);
    expect(
      await h.api.ok(
        h.api.post('/history/job-log/count', { deploymentId: 'other', processInstanceId: pi.id }),
      ),
    ).toEqual({ count: 0 });
    const viaGet = (await h.api.ok(h.api.get(`/external-task?processInstanceIdIn=${pi.id}`))) as unknown[];
    expect(viaGet).toHaveLength(1);
    expect(
      await h.api.ok(h.api.get('/external-task?processInstanceIdIn=other&sortBy=id&sortOrder=asc')),
    ).toEqual([]);
  });
});
