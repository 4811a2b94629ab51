/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * Who acted, recorded with what they did: with ENGINE_AUTH=basic, also when authorization checks
 * are off (`authorization: false`, the caller unchecked), the authenticated user is named by the
 * user-operation log, a task comment, the assignment's identity-link log entry and a task
 * attachment.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { bpmn, flow } from './rest-client.js';

const dialects = await testDatabases();
const ADMIN = { user: 'quantri', password: 'mat-khau-quan-tri' };
const OFFICER: [string, string] = ['canbo', 'mat-khau-can-bo'];
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe.each(dialects)('the acting user on $dialect', (factory) => {
  let engine: RunningEngine;
  let drop: () => Promise<void>;
  let taskId: string;
  let instanceId: string;

  const call = async (who: [string, string], method: string, path: string, body?: unknown) => {
    const res = await fetch(engine.url + path, {
      method,
      headers: {
        authorization: basic(...who),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
  };
  const admin: [string, string] = [ADMIN.user, ADMIN.password];

  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    engine = await startEngine({
      dbUrl: db.url,
      port: 0,
      clock: new TestClock(),
      security: { auth: 'basic', admin: ADMIN, authorization: false },
    });
    await call(admin, 'POST', '/user/create', {
      profile: { id: OFFICER[0] },
      credentials: { password: OFFICER[1] },
    });
    const form = new FormData();
    const xml = bpmn(
      'acting',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t" />` +
        `${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`,
    );
    form.append('acting.bpmn', new Blob([xml]), 'acting.bpmn');
    const dep = await fetch(`${engine.url}/deployment/create`, {
      method: 'POST',
      body: form,
      headers: { authorization: basic(...admin) },
    });
    expect(dep.status).toBe(200);
    const started = await call(admin, 'POST', '/process-definition/key/acting/start', {});
    instanceId = started.body.id;
    taskId = (await call(admin, 'GET', `/task?processInstanceId=${instanceId}`)).body[0].id;
  });
  afterAll(async () => {
    await engine?.close();
    await drop?.();
  });

  it('names the officer in the operation log and the identity-link log of a claim', async () => {
    expect((await call(OFFICER, 'POST', `/task/${taskId}/claim`, { userId: 'canbo' })).status).toBe(204);
    const ops = await call(admin, 'GET', `/history/user-operation?taskId=${taskId}&operationType=Claim`);
    expect(ops.body).toEqual([expect.objectContaining({ userId: 'canbo', newValue: 'canbo' })]);
    const links = await call(admin, 'GET', `/history/identity-link-log?taskId=${taskId}&type=assignee`);
    expect(links.body).toEqual([expect.objectContaining({ userId: 'canbo', assignerId: 'canbo' })]);
  });

  it('names the officer on a comment and on an attachment', async () => {
    const comment = await call(OFFICER, 'POST', `/task/${taskId}/comment/create`, { message: 'Đã nhận' });
    expect(comment.status).toBe(200);
    expect(comment.body.userId).toBe('canbo');
    const form = new FormData();
    form.append('attachment-name', 'bien-nhan');
    form.append('url', 'https://example.org/bien-nhan.pdf');
    const attachment = await fetch(`${engine.url}/task/${taskId}/attachment/create`, {
      method: 'POST',
      body: form,
      headers: { authorization: basic(...OFFICER) },
    });
    expect(attachment.status).toBe(200);
    const ops = await call(
      admin,
      'GET',
      `/history/user-operation?taskId=${taskId}&operationType=AddAttachment`,
    );
    expect(ops.body).toEqual([expect.objectContaining({ userId: 'canbo' })]);
  });

  it('names the administrator for its own operations', async () => {
    expect((await call(admin, 'POST', `/task/${taskId}/unclaim`)).status).toBe(204);
    const ops = await call(admin, 'GET', `/history/user-operation?taskId=${taskId}&operationType=Claim`);
    expect(ops.body.map((o: any) => o.userId).sort()).toEqual(['canbo', 'quantri']);
    const all = await call(admin, 'GET', `/history/user-operation?processInstanceId=${instanceId}`);
    expect(all.body.length).toBeGreaterThanOrEqual(3);
    expect(all.body.every((o: any) => o.userId === 'canbo' || o.userId === 'quantri')).toBe(true);
  });
});
