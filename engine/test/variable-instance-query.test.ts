import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

const process = bpmn(
  'vi-query',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'review')}<bpmn:userTask id="review" />${flow('b', 'review', 'e')}<bpmn:endEvent id="e" />`,
);

describe.each(dialects)('POST /variable-instance on $dialect', (factory) => {
  const h = useEngine(factory);
  let first: string;
  let second: string;
  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'vi.bpmn': process }));
    const start = async (fee: number, applicant: string) =>
      (
        await h.api.ok(
          h.api.post('/process-definition/key/vi-query/start', {
            variables: {
              fee: { value: fee, type: 'Long' },
              applicant: { value: applicant, type: 'String' },
              approved: { value: false, type: 'Boolean' },
            },
          }),
        )
      ).id as string;
    first = await start(150000, 'Nguyễn Văn An');
    second = await start(300000, 'Trần Thị Bình');
  });

  it('filters by the body as the GET does by the query, and pages in the URL', async () => {
    const byInstance = await h.api.ok(
      h.api.post('/variable-instance', {
        processInstanceIdIn: [first],
        sorting: [{ sortBy: 'variableName', sortOrder: 'desc' }],
      }),
    );
    expect(byInstance.map((v: { name: string }) => v.name)).toEqual(['fee', 'approved', 'applicant']);
    expect(byInstance[1]).toMatchObject({ type: 'Boolean', value: false, processInstanceId: first });

    const fees = await h.api.ok(
      h.api.post('/variable-instance?firstResult=0&maxResults=1', {
        variableName: 'fee',
        processInstanceIdIn: [first, second],
        sorting: [{ sortBy: 'variableName', sortOrder: 'asc' }],
      }),
    );
    expect(fees).toHaveLength(1);
    expect(fees[0]).toMatchObject({ name: 'fee', type: 'Long' });

    const like = await h.api.ok(h.api.post('/variable-instance', { variableNameLike: 'app%' }));
    expect(like.map((v: { name: string }) => v.name).sort()).toEqual([
      'applicant',
      'applicant',
      'approved',
      'approved',
    ]);
    // The GET answers the same for the same filter.
    expect(await h.api.ok(h.api.get(`/variable-instance?processInstanceIdIn=${first}`))).toHaveLength(3);
  });

  it('counts with the same body', async () => {
    expect(await h.api.ok(h.api.post('/variable-instance/count', { variableName: 'fee' }))).toEqual({
      count: 2,
    });
    expect(await h.api.ok(h.api.post('/variable-instance/count', { processInstanceIdIn: [second] }))).toEqual(
      { count: 3 },
    );
    expect(await h.api.ok(h.api.post('/variable-instance/count', {}))).toEqual({ count: 6 });
  });

  it('refuses a filter it cannot evaluate instead of ignoring it', async () => {
    const res = await h.api.post('/variable-instance', {
      variableValues: [{ name: 'fee', operator: 'eq', value: 150000 }],
    });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('InvalidRequestException');
    expect(res.body.message).toContain('variableValues');
  });
});
