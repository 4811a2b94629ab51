/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * No route goes unchecked (issue 11): every registered route is called by an authenticated user
 * who holds no authorization and is involved in no task. Each must refuse with Camunda's
 * AuthorizationException (403) or, for the queries Camunda restricts to readable rows, answer an
 * empty list or a zero count. Path parameters name real rows (a task, its instance, definition,
 * deployment, a filter), so a check inside a service meets the row it guards.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { restRoutes } from '../src/rest/rest-app.js';
import { bpmn, flow } from './rest-client.js';

const dialects = await testDatabases();
const ADMIN = { user: 'quantri', password: 'mat-khau-quan-tri' };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Calls any authenticated user may make: nothing to protect beyond authentication. */
const OPEN = new Set([
  'GET /engine',
  'GET /version',
  'POST /identity/verify',
  'GET /identity/password-policy',
  'POST /identity/password-policy',
]);

/**
 * Valid bodies for the routes that check their input before the operation runs (as Camunda's REST
 * layer does): an empty body would be refused with 400 before the authorization is asked.
 */
const BODIES: Record<string, unknown> = {
  'POST /task/{id}/claim': { userId: 'khong-quyen' },
  'POST /task/{id}/delegate': { userId: 'khong-quyen' },
  'POST /task/{id}/bpmnError': { errorCode: 'LOI' },
  'POST /task/{id}/identity-links': { userId: 'khong-quyen', type: 'candidate' },
  'POST /task/{id}/identity-links/delete': { userId: 'khong-quyen', type: 'candidate' },
  'POST /task/{id}/comment/create': { message: 'Ý kiến' },
  'PUT /task/{id}/comment': { id: 'x1', message: 'Ý kiến' },
  'POST /filter/create': { resourceType: 'Task', name: 'Của tôi', query: {} },
  'PUT /filter/{id}': { resourceType: 'Task', name: 'Của tôi', query: {} },
  'PUT /process-definition/suspended': { processDefinitionKey: 'walk', suspended: true },
  'PUT /process-definition/key/{key}/suspended': { suspended: true },
  'PUT /process-definition/{id}/suspended': { suspended: true },
  'PUT /process-definition/key/{key}/tenant-id/{tenantId}/suspended': { suspended: true },
  'POST /external-task/fetchAndLock': { workerId: 'tho', maxTasks: 1, topics: [] },
  'PUT /external-task/retries': { retries: 1, externalTaskIds: ['x1'] },
  'POST /external-task/{id}/complete': { workerId: 'tho' },
  'POST /external-task/{id}/failure': { workerId: 'tho', retries: 0, retryTimeout: 0 },
  'POST /external-task/{id}/bpmnError': { workerId: 'tho', errorCode: 'LOI' },
  'POST /external-task/{id}/extendLock': { workerId: 'tho', newDuration: 1000 },
  'POST /external-task/{id}/lock': { workerId: 'tho', lockDuration: 1000 },
  'PUT /external-task/{id}/retries': { retries: 1 },
  'PUT /external-task/{id}/priority': { priority: 1 },
  'PUT /job/suspended': { suspended: true, processDefinitionKey: 'walk' },
  'PUT /job/{id}/retries': { retries: 1 },
  'PUT /job/{id}/suspended': { suspended: true },
  'PUT /job/{id}/priority': { priority: 1 },
  'PUT /job-definition/suspended': { suspended: true, processDefinitionKey: 'walk' },
  'PUT /job-definition/{id}/suspended': { suspended: true },
  'PUT /job-definition/{id}/retries': { retries: 1 },
  'POST /message': { messageName: 'khong-co' },
  'POST /signal': { name: 'khong-co' },
  'PUT /process-instance/suspended': { processDefinitionKey: 'walk', suspended: true },
  'PUT /process-instance/{id}/suspended': { suspended: true },
  'PUT /process-instance/{id}/comment': { id: 'x1', message: 'Ý kiến' },
  'POST /modification/execute': {
    processDefinitionId: 'walk:1',
    instructions: [{ type: 'cancel', activityId: 't' }],
    processInstanceIds: ['x1'],
  },
  'POST /migration/execute': {
    migrationPlan: { sourceProcessDefinitionId: 'x1', targetProcessDefinitionId: 'x2', instructions: [] },
    processInstanceIds: ['x1'],
  },
  'POST /execution/{id}/create-incident': { incidentType: 'kiem-tra' },
  'POST /user/create': { profile: { id: 'nguoi-moi' }, credentials: { password: 'mat-khau-nguoi-moi' } },
  'PUT /user/{id}/credentials': {
    password: 'mat-khau-doi-moi',
    authenticatedUserPassword: 'mat-khau-khong-quyen',
  },
  'POST /group/create': { id: 'nhom-moi', name: 'Nhóm mới' },
  'POST /tenant/create': { id: 'so-moi', name: 'Sở mới' },
  'POST /authorization/create': {
    type: 1,
    userId: 'khong-quyen',
    resourceType: 7,
    resourceId: '*',
    permissions: ['READ'],
  },
  'PUT /authorization/{id}': {
    type: 1,
    userId: 'khong-quyen',
    resourceType: 7,
    resourceId: '*',
    permissions: ['READ'],
  },
};

/** Required query parameters, for routes that check them before the operation runs. */
const QUERIES: Record<string, string> = {
  'GET /identity/groups': '?userId=quantri',
  'GET /authorization/check': '?permissionName=READ&resourceType=7',
};

/** Multipart uploads: a file and the fields the route reads. */
const upload = () => {
  const form = new FormData();
  form.append('data', new Blob(['noi dung']), 'to-trinh.txt');
  form.append('url', 'https://motcua.example/to-trinh');
  form.append('attachment-name', 'Tờ trình');
  return form;
};
const MULTIPART = /\/(attachment\/create|data|deployment\/create)$/;

const isEmptyAnswer = (body: any) =>
  (Array.isArray(body) && body.length === 0) || (body !== null && body.count === 0);

describe.each(dialects)('every REST route is authorized on $dialect', (factory) => {
  let engine: RunningEngine;
  let drop: () => Promise<void>;
  const ids: Record<string, string> = {};
  const call = async (who: [string, string], method: string, path: string, body?: unknown) => {
    const multipart = body instanceof FormData;
    const res = await fetch(engine.url + path, {
      method,
      headers: {
        authorization: basic(...who),
        ...(body !== undefined && !multipart ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: any = (() => {
      try {
        return text ? JSON.parse(text) : null;
      } catch {
        return text; // a non-JSON answer is itself a finding
      }
    })();
    return { status: res.status, body: parsed };
  };
  const admin: [string, string] = [ADMIN.user, ADMIN.password];
  const nobody: [string, string] = ['khong-quyen', 'mat-khau-khong-quyen'];

  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    engine = await startEngine({
      dbUrl: db.url,
      port: 0,
      clock: new TestClock(),
      security: { auth: 'basic', admin: ADMIN },
    });
    await call(admin, 'POST', '/user/create', {
      profile: { id: nobody[0] },
      credentials: { password: nobody[1] },
    });
    const form = new FormData();
    const xml = bpmn(
      'walk',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t" camunda:candidateGroups="mot-cua" />${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`,
    );
    form.append('walk.bpmn', new Blob([xml]), 'walk.bpmn');
    const dep = await fetch(`${engine.url}/deployment/create`, {
      method: 'POST',
      body: form,
      headers: { authorization: basic(...admin) },
    });
    ids.deployment = ((await dep.json()) as { id: string }).id;
    // The same key deployed for a tenant, for the tenant twins of the definition routes.
    const forTenant = new FormData();
    forTenant.append('tenant-id', 'so-khcn');
    forTenant.append('walk.bpmn', new Blob([xml]), 'walk.bpmn');
    const tenantDep = await fetch(`${engine.url}/deployment/create`, {
      method: 'POST',
      body: forTenant,
      headers: { authorization: basic(...admin) },
    });
    expect(tenantDep.status).toBe(200);
    const started = await call(admin, 'POST', '/process-definition/key/walk/start', {
      variables: { hoSo: { value: 'HS-1', type: 'String' } },
    });
    ids.instance = started.body.id;
    ids.definition = started.body.definitionId;
    ids.task = (await call(admin, 'GET', `/task?processInstanceId=${ids.instance}`)).body[0].id;
    const filter = await call(admin, 'POST', '/filter/create', {
      resourceType: 'Task',
      name: 'Tất cả',
      query: {},
    });
    ids.filter = filter.body.id;
  });
  afterAll(async () => {
    await engine?.close();
    await drop?.();
  });

  /** A real id for the route's `{id}`, by the resource it belongs to. */
  const fill = (path: string) => {
    const resource = path.split('/')[1];
    const id =
      {
        task: ids.task,
        filter: ids.filter,
        'process-instance': ids.instance,
        execution: ids.instance,
        'process-definition': ids.definition,
        deployment: ids.deployment,
        user: 'quantri',
        group: 'camunda-admin',
      }[resource ?? ''] ?? 'x1';
    return path
      .replace('{id}', encodeURIComponent(id))
      .replace('{key}', 'walk')
      .replace('{tenantId}', 'so-khcn')
      .replace(/\{[^}]+\}/g, 'x1');
  };

  it('refuses a user without authorizations on every route, or answers an empty query', async () => {
    const unchecked: string[] = [];
    for (const { method, path } of restRoutes()) {
      const route = `${method} ${path}`;
      if (method === 'OPTIONS' || OPEN.has(route)) continue;
      const res = await call(
        nobody,
        method,
        fill(path) + (QUERIES[route] ?? ''),
        method === 'GET' || method === 'DELETE'
          ? undefined
          : MULTIPART.test(path) && method === 'POST'
            ? upload()
            : (BODIES[route] ?? {}),
      );
      const refused = res.status === 403 && res.body?.type === 'AuthorizationException';
      const empty = res.status === 200 && isEmptyAnswer(res.body);
      if (!refused && !empty)
        unchecked.push(`${route} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
    }
    expect(unchecked).toEqual([]);
    // The task is still there for the administrator: the walk changed nothing.
    expect((await call(admin, 'GET', `/task/${ids.task}`)).status).toBe(200);
  });
});
