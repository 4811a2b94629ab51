/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * ENGINE_AUTH=basic: HTTP Basic against the engine's own users, authorizations checked on every
 * call (user beats group beats global; revoke beats grant), who-did-what in the user-operation
 * log, and CORS for configured origins only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { bpmn, flow } from './rest-client.js';

const dialects = await testDatabases();
const ADMIN = { user: 'quantri', password: 'mat-khau-quan-tri' };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe.each(dialects)('REST security on $dialect', (factory) => {
  let engine: RunningEngine;
  let drop: () => Promise<void>;
  const call = async (
    who: [string, string] | null,
    method: string,
    path: string,
    body?: unknown,
    headers = {},
  ) => {
    const res = await fetch(engine.url + path, {
      method,
      headers: {
        ...(who ? { authorization: basic(...who) } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as any) : null };
  };
  const admin: [string, string] = [ADMIN.user, ADMIN.password];
  const canbo: [string, string] = ['canbo', 'mat-khau-can-bo'];

  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    engine = await startEngine({
      dbUrl: db.url,
      port: 0,
      clock: new TestClock(),
      security: { auth: 'basic', admin: ADMIN, corsOrigins: ['http://modeler.local'] },
    });
    await call(admin, 'POST', '/user/create', {
      profile: { id: 'canbo' },
      credentials: { password: canbo[1] },
    });
    await call(admin, 'POST', '/group/create', { id: 'mot-cua', name: 'Một cửa' });
    await call(admin, 'PUT', '/group/mot-cua/members/canbo');
    const form = new FormData();
    const xml = bpmn(
      'sec',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t" camunda:candidateGroups="mot-cua" />${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`,
    );
    form.append('sec.bpmn', new Blob([xml]), 'sec.bpmn');
    const dep = await fetch(`${engine.url}/deployment/create`, {
      method: 'POST',
      body: form,
      headers: { authorization: basic(...admin) },
    });
    expect(dep.status).toBe(200);
    expect((await call(admin, 'POST', '/process-definition/key/sec/start', {})).status).toBe(200);
  });
  afterAll(async () => {
    await engine?.close();
    await drop?.();
  });

  it('refuses missing, wrong and unknown credentials with 401', async () => {
    expect((await call(null, 'GET', '/version')).status).toBe(401);
    expect((await call(['canbo', 'sai'], 'GET', '/version')).status).toBe(401);
    expect((await call(['ai-do', 'mat-khau-can-bo'], 'GET', '/version')).status).toBe(401);
    expect((await call(canbo, 'GET', '/version')).status).toBe(200);
  });

  it('asks READ on definitions to plan a migration, MIGRATE_INSTANCE to run it and UPDATE on instances to modify', async () => {
    await call(admin, 'POST', '/user/create', {
      profile: { id: 'dichuyen' },
      credentials: { password: 'mat-khau-di-chuyen' },
    });
    const who: [string, string] = ['dichuyen', 'mat-khau-di-chuyen'];
    // An instance of its own, deleted at the end: the task tests count the instances' tasks.
    const instance = (await call(admin, 'POST', '/process-definition/key/sec/start', {})).body;
    const def = instance.definitionId as string;
    const plan = {
      sourceProcessDefinitionId: def,
      targetProcessDefinitionId: def,
      instructions: [{ sourceActivityIds: ['t'], targetActivityIds: ['t'] }],
    };
    const grant = (resourceType: number, permissions: string[]) =>
      call(admin, 'POST', '/authorization/create', {
        type: 1,
        userId: 'dichuyen',
        resourceType,
        resourceId: '*',
        permissions,
      });
    const generate = () =>
      call(who, 'POST', '/migration/generate', {
        sourceProcessDefinitionId: def,
        targetProcessDefinitionId: def,
      });
    const refused = await generate();
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain("'READ' permission on resource '*' of type 6");
    expect((await call(who, 'POST', '/migration/validate', plan)).status).toBe(403);
    expect((await grant(6, ['READ'])).status).toBe(200);
    expect((await generate()).status).toBe(200);
    expect((await call(who, 'POST', '/migration/validate', plan)).status).toBe(200);
    const execute = () =>
      call(who, 'POST', '/migration/execute', { migrationPlan: plan, processInstanceIds: [instance.id] });
    const notMigrate = await execute();
    expect(notMigrate.status).toBe(403);
    expect(notMigrate.body.message).toContain("'MIGRATE_INSTANCE' permission on resource '*' of type 6");
    expect((await grant(6, ['MIGRATE_INSTANCE'])).status).toBe(200);
    expect((await execute()).status).toBe(204);
    const modification = {
      processDefinitionId: def,
      instructions: [{ type: 'startBeforeActivity', activityId: 't' }],
      processInstanceIds: [instance.id],
    };
    const notUpdate = await call(who, 'POST', '/modification/execute', modification);
    expect(notUpdate.status).toBe(403);
    expect(notUpdate.body.message).toContain(`'UPDATE' permission on resource '*' of type 8`);
    const one = { instructions: [{ type: 'startBeforeActivity', activityId: 't' }] };
    const path = `/process-instance/${instance.id}/modification`;
    const notUpdateOne = await call(who, 'POST', path, one);
    expect(notUpdateOne.status).toBe(403);
    expect(notUpdateOne.body.message).toContain(`'UPDATE' permission on resource '${instance.id}' of type 8`);
    expect((await grant(8, ['UPDATE'])).status).toBe(200);
    expect((await call(who, 'POST', '/modification/execute', modification)).status).toBe(204);
    expect((await call(who, 'POST', path, one)).status).toBe(204);
    expect((await call(admin, 'DELETE', `/process-instance/${instance.id}`)).status).toBe(204);
  });

  it('asks READ, UPDATE or DELETE on the process instance for its calls, READ on all for the query', async () => {
    await call(admin, 'POST', '/user/create', {
      profile: { id: 'xemhoso' },
      credentials: { password: 'mat-khau-xem-ho-so' },
    });
    const who: [string, string] = ['xemhoso', 'mat-khau-xem-ho-so'];
    const id = (await call(admin, 'POST', '/process-definition/key/sec/start', {})).body.id as string;
    const grant = (resourceId: string, permissions: string[]) =>
      call(admin, 'POST', '/authorization/create', {
        type: 1,
        userId: 'xemhoso',
        resourceType: 8,
        resourceId,
        permissions,
      });
    const variable = { value: 'HS-2', type: 'String' };
    expect((await call(who, 'GET', `/process-instance/${id}`)).status).toBe(403);
    expect((await call(who, 'GET', `/process-instance/${id}/comment`)).status).toBe(403);
    expect((await grant(id, ['READ'])).status).toBe(200);
    expect((await call(who, 'GET', `/process-instance/${id}`)).status).toBe(200);
    expect((await call(who, 'GET', `/process-instance/${id}/variables`)).status).toBe(200);
    expect((await call(who, 'GET', `/process-instance/${id}/activity-instances`)).status).toBe(200);
    expect((await call(who, 'GET', `/process-instance/${id}/comment`)).status).toBe(200);
    // READ on one instance is not READ on all: the query stays closed.
    expect((await call(who, 'GET', '/process-instance')).status).toBe(403);
    expect((await call(who, 'POST', '/process-instance/count', {})).status).toBe(403);
    const put = await call(who, 'PUT', `/process-instance/${id}/variables/hoSo`, variable);
    expect(put.status).toBe(403);
    expect(put.body.message).toContain(`'UPDATE' permission on resource '${id}' of type 8`);
    expect((await grant(id, ['UPDATE'])).status).toBe(200);
    expect((await call(who, 'PUT', `/process-instance/${id}/variables/hoSo`, variable)).status).toBe(204);
    expect((await call(who, 'PUT', `/process-instance/${id}/suspended`, { suspended: true })).status).toBe(
      204,
    );
    const del = await call(who, 'DELETE', `/process-instance/${id}`);
    expect(del.status).toBe(403);
    expect(del.body.message).toContain(`'DELETE' permission on resource '${id}' of type 8`);
    expect((await grant(id, ['DELETE'])).status).toBe(200);
    expect((await call(who, 'DELETE', `/process-instance/${id}`)).status).toBe(204);
  });

  it('asks READ_HISTORY on definitions for history, on decision definitions for decision history, READ on historic tasks for GET /history/task', async () => {
    await call(admin, 'POST', '/user/create', {
      profile: { id: 'lichsu' },
      credentials: { password: 'mat-khau-lich-su' },
    });
    const who: [string, string] = ['lichsu', 'mat-khau-lich-su'];
    const grant = (resourceType: number, permissions: string[]) =>
      call(admin, 'POST', '/authorization/create', {
        type: 1,
        userId: 'lichsu',
        resourceType,
        resourceId: '*',
        permissions,
      });
    const history = await call(who, 'GET', '/history/process-instance');
    expect(history.status).toBe(403);
    expect(history.body.message).toContain("'READ_HISTORY' permission on resource '*' of type 6");
    expect((await call(who, 'GET', '/history/cleanup/configuration')).status).toBe(403);
    expect((await call(who, 'GET', '/history/task')).status).toBe(403);
    expect((await grant(19, ['READ'])).status).toBe(200); // historic tasks
    expect((await call(who, 'GET', '/history/task')).status).toBe(200);
    // The query in a POST body is checked as the rest of history.
    expect((await call(who, 'POST', '/history/task', {})).status).toBe(403);
    expect((await grant(6, ['READ_HISTORY'])).status).toBe(200);
    expect((await call(who, 'POST', '/history/task', {})).status).toBe(200);
    expect((await call(who, 'GET', '/history/process-instance')).status).toBe(200);
    expect((await call(who, 'GET', '/history/cleanup/configuration')).status).toBe(200);
    const decisions = await call(who, 'GET', '/history/decision-instance');
    expect(decisions.status).toBe(403);
    expect(decisions.body.message).toContain("'READ_HISTORY' permission on resource '*' of type 10");
    expect((await grant(10, ['READ_HISTORY'])).status).toBe(200);
    expect((await call(who, 'GET', '/history/decision-instance')).status).toBe(200);
  });

  it('lets candidates see and work their tasks by default; others see nothing', async () => {
    await call(admin, 'POST', '/user/create', {
      profile: { id: 'khach' },
      credentials: { password: 'mat-khau-khach' },
    });
    const khach: [string, string] = ['khach', 'mat-khau-khach'];
    // canbo is in mot-cua, the candidate group: Camunda's default task permissions apply.
    const tasks = await call(canbo, 'GET', '/task');
    expect(tasks.status).toBe(200);
    expect(tasks.body).toHaveLength(1);
    const taskId = tasks.body[0].id as string;
    const outsider = await call(khach, 'GET', '/task');
    expect(outsider.status).toBe(200);
    expect(outsider.body).toEqual([]);
    expect((await call(khach, 'GET', '/task/count')).body).toEqual({ count: 0 });
    const denied = await call(khach, 'GET', `/task/${taskId}`);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ type: 'AuthorizationException', userId: 'khach' });
    expect((await call(khach, 'POST', `/task/${taskId}/claim`, { userId: 'khach' })).status).toBe(403);
    // A grant on all tasks opens them to the outsider too.
    const grant = await call(admin, 'POST', '/authorization/create', {
      type: 1,
      userId: 'khach',
      resourceType: 7,
      resourceId: '*',
      permissions: ['READ'],
    });
    expect(grant.status).toBe(200);
    expect((await call(khach, 'GET', '/task')).body).toHaveLength(1);
    expect((await call(canbo, 'POST', `/task/${taskId}/claim`, { userId: 'canbo' })).status).toBe(204);
    // Definitions: lists keep the readable keys; a grant names the definition key.
    expect((await call(canbo, 'GET', '/process-definition')).body).toEqual([]);
    expect((await call(canbo, 'GET', '/process-definition/key/sec')).status).toBe(403);
    await call(admin, 'POST', '/authorization/create', {
      type: 1,
      userId: 'canbo',
      resourceType: 6,
      resourceId: 'sec',
      permissions: ['READ'],
    });
    const defs = (await call(canbo, 'GET', '/process-definition')).body as { id: string; key: string }[];
    expect(defs.map((d) => d.key)).toEqual(['sec']);
    expect((await call(canbo, 'GET', `/process-definition/${defs[0]!.id}`)).status).toBe(200);
    expect((await call(canbo, 'GET', '/process-definition/key/sec/xml')).status).toBe(200);
    expect((await call(canbo, 'GET', '/process-definition/statistics')).status).toBe(403);
    // Another resource type is still closed.
    expect((await call(canbo, 'GET', '/deployment')).status).toBe(403);
  });

  it('an explicit revoke beats the default task permissions; a global grant opens a resource to everyone', async () => {
    await call(admin, 'POST', '/authorization/create', {
      type: 2,
      userId: 'canbo',
      resourceType: 7,
      resourceId: '*',
      permissions: ['TASK_WORK'],
    });
    const [task] = (await call(canbo, 'GET', '/task')).body;
    expect((await call(canbo, 'POST', `/task/${task.id}/unclaim`)).status).toBe(403);
    expect(
      (
        await call(admin, 'POST', '/authorization/create', {
          type: 0,
          userId: '*',
          resourceType: 6,
          resourceId: '*',
          permissions: ['READ'],
        })
      ).status,
    ).toBe(200);
    expect((await call(canbo, 'GET', '/process-definition')).status).toBe(200);
    const check = await call(canbo, 'GET', '/authorization/check?permissionName=TASK_WORK&resourceType=7');
    expect(check.status).toBe(403); // reading authorizations needs its own grant
    const asAdmin = await call(
      admin,
      'GET',
      '/authorization/check?permissionName=TASK_WORK&resourceType=7&userId=canbo',
    );
    expect(asAdmin.body.authorized).toBe(false);
  });

  it('OPTIONS lists only the links the caller may follow', async () => {
    const rels = async (who: [string, string]) =>
      ((await call(who, 'OPTIONS', '/user')).body.links as { rel: string }[]).map((l) => l.rel);
    expect(await rels(admin)).toEqual(['list', 'count', 'create']);
    expect(await rels(canbo)).toEqual([]);
  });

  it('forgets cached credentials when identities change', async () => {
    await call(admin, 'POST', '/user/create', {
      profile: { id: 'tam' },
      credentials: { password: 'mat-khau-tam' },
    });
    expect((await call(['tam', 'mat-khau-tam'], 'GET', '/version')).status).toBe(200); // now cached
    // The caller confirms with its own password (authenticatedUserPassword), as Operaton requires.
    const confirmed = { password: 'mat-khau-moi', authenticatedUserPassword: ADMIN.password };
    expect((await call(admin, 'PUT', '/user/tam/credentials', { password: 'mat-khau-moi' })).status).toBe(
      400,
    );
    await call(admin, 'PUT', '/user/tam/credentials', confirmed);
    expect((await call(['tam', 'mat-khau-tam'], 'GET', '/version')).status).toBe(401);
    expect((await call(['tam', 'mat-khau-moi'], 'GET', '/version')).status).toBe(200);
    await call(admin, 'DELETE', '/user/tam');
    expect((await call(['tam', 'mat-khau-moi'], 'GET', '/version')).status).toBe(401);
  });

  it('records who did what in the user-operation log', async () => {
    const ops = await call(admin, 'GET', '/history/user-operation?operationType=Claim');
    expect(ops.status).toBe(200);
    expect(ops.body).toEqual([
      expect.objectContaining({ userId: 'canbo', property: 'assignee', orgValue: null, newValue: 'canbo' }),
    ]);
  });

  it('answers CORS preflights for configured origins only', async () => {
    const ok = await call(null, 'OPTIONS', '/task', undefined, {
      origin: 'http://modeler.local',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://modeler.local');
    const other = await call(canbo, 'GET', '/version', undefined, { origin: 'http://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
