/**
 * Issue 17 (from issue 11's notes): `GET /task` honours `processInstanceIdIn`, and `orQueries`
 * combine with the top-level criteria as Camunda's do — each entry's criteria ORed, the entry
 * ANDed with the rest. A filter never answers more than asked; counts agree with the lists.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

const review = (key: string) =>
  bpmn(
    key,
    `<bpmn:startEvent id="start" />${flow('f0', 'start', 'review')}
     <bpmn:userTask id="review" camunda:candidateGroups="\${group}" camunda:assignee="\${assignee}" />
     ${flow('f1', 'review', 'end')}<bpmn:endEvent id="end" />`,
  );

describe.each(dialects)('task query filters on $dialect', (factory) => {
  const h = useEngine(factory);
  /** business key → task id */
  const tasks = new Map<string, string>();
  const pis = new Map<string, string>();

  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'tq-a.bpmn': review('tq-a'), 'tq-b.bpmn': review('tq-b') }));
    const start = async (key: string, bk: string, group: string, assignee: string | null) => {
      const pi = await h.api.ok(
        h.api.post(`/process-definition/key/${key}/start`, {
          businessKey: bk,
          variables: {
            group: { value: group, type: 'String' },
            assignee: { value: assignee, type: assignee === null ? 'Null' : 'String' },
          },
        }),
      );
      const [task] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
      tasks.set(bk, task.id);
      pis.set(bk, pi.id);
    };
    await start('tq-a', 'a-unit1-open', 'unit1', null);
    await start('tq-a', 'a-unit2-open', 'unit2', null);
    await start('tq-a', 'a-unit2-lan', 'unit2', 'lan');
    await start('tq-a', 'a-unit1-minh', 'unit1', 'minh');
    await start('tq-b', 'b-unit1-open', 'unit1', null);
    await start('tq-b', 'b-unit2-lan', 'unit2', 'lan');
  });

  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
  const of = (...bks: string[]) => bks.map((bk) => tasks.get(bk)!).sort();

  it('filters by processInstanceIdIn (GET and POST), and the count agrees', async () => {
    const two = [pis.get('a-unit1-open')!, pis.get('b-unit2-lan')!];
    const got = await h.api.ok(h.api.get(`/task?processInstanceIdIn=${two.join(',')}`));
    expect(ids(got)).toEqual(of('a-unit1-open', 'b-unit2-lan'));
    expect(await h.api.ok(h.api.get(`/task/count?processInstanceIdIn=${two.join(',')}`))).toEqual({
      count: 2,
    });
    const posted = await h.api.ok(
      h.api.post('/task', { processInstanceIdIn: two, processDefinitionKey: 'tq-b' }),
    );
    expect(ids(posted)).toEqual(of('b-unit2-lan'));
  });

  it('ORs the criteria of an orQuery and ANDs it with the top-level criteria', async () => {
    // Definition tq-a AND (unassigned candidate of unit1 OR assigned to lan).
    const body = {
      processDefinitionKey: 'tq-a',
      orQueries: [{ candidateGroup: 'unit1', assignee: 'lan' }],
    };
    const got = await h.api.ok(h.api.post('/task', body));
    expect(ids(got)).toEqual(of('a-unit1-open', 'a-unit2-lan'));
    expect(await h.api.ok(h.api.post('/task/count', body))).toEqual({ count: 2 });
    // Without the top-level criterion, tq-b's tasks match too.
    const wider = await h.api.ok(h.api.post('/task', { orQueries: body.orQueries }));
    expect(ids(wider)).toEqual(of('a-unit1-open', 'a-unit2-lan', 'b-unit1-open', 'b-unit2-lan'));
  });

  it('ANDs several orQueries with each other; includeAssignedTasks stays inside its candidate criterion', async () => {
    const got = await h.api.ok(
      h.api.post('/task', {
        orQueries: [
          { candidateGroup: 'unit1', includeAssignedTasks: true, assignee: 'lan' },
          { processDefinitionKey: 'tq-a' },
        ],
      }),
    );
    expect(ids(got)).toEqual(of('a-unit1-open', 'a-unit1-minh', 'a-unit2-lan'));
  });

  it('refuses nested orQueries and sorting inside an orQuery with a Camunda error', async () => {
    const nested = await h.api.post('/task', { orQueries: [{ orQueries: [{ assignee: 'lan' }] }] });
    expect(nested.status).toBe(400);
    expect(nested.body).toMatchObject({ type: 'InvalidRequestException' });
    const sorted = await h.api.post('/task', {
      orQueries: [{ assignee: 'lan', sorting: [{ sortBy: 'id', sortOrder: 'asc' }] }],
    });
    expect(sorted.status).toBe(400);
    const notArray = await h.api.post('/task', { orQueries: { assignee: 'lan' } });
    expect(notArray.status).toBe(400);
  });
});
