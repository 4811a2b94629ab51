/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * Who acted, recorded with what they did: with ENGINE_AUTH=basic, also when authorization checks
 * are off (`authorization: false`, the caller unchecked), the authenticated user is named by the
 * user-operation log, a task comment, the assignment's identity-link log entry and a task
 * attachment.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { useEngine } from './harness.js';
import { bpmn, flow, type RestClient } from './rest-client.js';

const dialects = await testDatabases();
const ADMIN = { user: 'quantri', password: 'mat-khau-quan-tri' };

describe.each(dialects)('the acting user on $dialect', (factory) => {
  const h = useEngine(factory, { security: { auth: 'basic', admin: ADMIN, authorization: false } });
  let admin: RestClient;
  let officer: RestClient;
  let taskId: string;
  let instanceId: string;

  beforeAll(async () => {
    admin = h.api.as(ADMIN.user, ADMIN.password);
    officer = h.api.as('canbo', 'mat-khau-can-bo');
    await admin.ok(
      admin.post('/user/create', { profile: { id: 'canbo' }, credentials: { password: 'mat-khau-can-bo' } }),
    );
    await admin.ok(
      admin.deploy({
        'acting.bpmn': bpmn(
          'acting',
          `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t" />${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`,
        ),
      }),
    );
    instanceId = (await admin.ok(admin.post('/process-definition/key/acting/start', {}))).id;
    taskId = (await admin.ok(admin.get(`/task?processInstanceId=${instanceId}`)))[0].id;
  });

  it('names the officer in the operation log and the identity-link log of a claim', async () => {
    expect((await officer.post(`/task/${taskId}/claim`, { userId: 'canbo' })).status).toBe(204);
    expect(await admin.ok(admin.get(`/history/user-operation?taskId=${taskId}&operationType=Claim`))).toEqual(
      [expect.objectContaining({ userId: 'canbo', newValue: 'canbo' })],
    );
    expect(await admin.ok(admin.get(`/history/identity-link-log?taskId=${taskId}&type=assignee`))).toEqual([
      expect.objectContaining({ userId: 'canbo', assignerId: 'canbo' }),
    ]);
  });

  it('names the officer on a comment and on an attachment', async () => {
    const comment = await officer.ok(officer.post(`/task/${taskId}/comment/create`, { message: 'Đã nhận' }));
    expect(comment.userId).toBe('canbo');
    const form = new FormData();
    form.append('attachment-name', 'bien-nhan');
    form.append('url', 'https://example.org/bien-nhan.pdf');
    const attachment = await fetch(`${h.engine.url}/task/${taskId}/attachment/create`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Basic ${Buffer.from('canbo:mat-khau-can-bo').toString('base64')}` },
    });
    expect(attachment.status).toBe(200);
    expect(
      await admin.ok(admin.get(`/history/user-operation?taskId=${taskId}&operationType=AddAttachment`)),
    ).toEqual([expect.objectContaining({ userId: 'canbo' })]);
  });

  it('names the administrator for its own operations', async () => {
    expect((await admin.post(`/task/${taskId}/unclaim`)).status).toBe(204);
    const claims = await admin.ok(admin.get(`/history/user-operation?taskId=${taskId}&operationType=Claim`));
    expect(claims.map((o: any) => o.userId).sort()).toEqual(['canbo', 'quantri']);
    const all = await admin.ok(admin.get(`/history/user-operation?processInstanceId=${instanceId}`));
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.every((o: any) => o.userId === 'canbo' || o.userId === 'quantri')).toBe(true);
  });
});
