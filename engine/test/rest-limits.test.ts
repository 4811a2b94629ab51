/**
 * Limits that turn oversized input into a clean 400 instead of a database error. The
 * user-operation log under load it must not break: a variable far larger than a logged value
 * may hold (MySQL `text` stops at 64 KB) is still set, and its logged value is clipped to Camunda's
 * 4000 characters. Saved filters refuse queries larger than their column.
 */
import { describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

describe.each(dialects)('REST input limits on $dialect', (factory) => {
  const h = useEngine(factory);

  it('clips logged values to 4000 characters instead of failing the change', async () => {
    const xml = bpmn('oplog', `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t" />`);
    expect((await h.api.deploy({ 'oplog.bpmn': xml })).status).toBe(200);
    const pi = (await h.api.ok(h.api.post('/process-definition/key/oplog/start', {}))).id as string;
    const big = JSON.stringify({ text: 'ồ'.repeat(70_000) });
    const res = await h.api.post(`/process-instance/${pi}/variables`, {
      modifications: { document: { value: big, type: 'Json' } },
    });
    expect(res.status).toBe(204);
    const [entry] = await h.api.ok(
      h.api.get(`/history/user-operation?processInstanceId=${pi}&operationType=ModifyVariable`),
    );
    expect(entry.property).toBe('document');
    expect(entry.newValue).toHaveLength(4000);
    expect((await h.api.ok(h.api.get(`/process-instance/${pi}/variables/document`))).value).toBe(big);
  });

  it('refuses a saved filter larger than its column', async () => {
    const res = await h.api.post('/filter/create', {
      resourceType: 'Task',
      name: 'quá lớn',
      query: { nameLike: `%${'x'.repeat(40_000)}%` },
    });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('InvalidRequestException');
  });

  it('refuses values longer than their columns with 400', async () => {
    const long = 'x'.repeat(300);
    const user = await h.api.post('/user/create', {
      profile: { id: 'dai', firstName: long },
      credentials: { password: 'mat-khau-dai' },
    });
    expect(user.status).toBe(400);
    expect(user.body.message).toMatch(/firstName/);
    expect((await h.api.post('/task/any/claim', { userId: long })).status).toBe(400);
    const auth = await h.api.post('/authorization/create', {
      type: 1,
      userId: 'a',
      resourceType: 7,
      resourceId: long,
      permissions: ['READ'],
    });
    expect(auth.status).toBe(400);
  });
});
