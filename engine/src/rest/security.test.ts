import { describe, expect, it } from '@jest/globals';
import { restRoutes } from './rest-app.js';
import { requiredAuthorization } from './security.js';

/** Calls any authenticated user may make: nothing to protect beyond authentication. */
const OPEN = new Set([
  'GET /engine',
  'GET /version',
  'POST /identity/verify',
  'GET /identity/password-policy',
  'POST /identity/password-policy',
]);

describe('authorization rules', () => {
  it('name a resource and permission for every route but the open ones', () => {
    const unguarded = restRoutes()
      .filter((r) => r.method !== 'OPTIONS') // OPTIONS answers only the links one may follow
      .map((r) => `${r.method} ${r.path}`)
      .filter((k) => !OPEN.has(k))
      .filter((k) => {
        const [method, path] = k.split(' ') as [string, string];
        return requiredAuthorization(method, path.replace(/\{[^}]+\}/g, 'x1')) === null;
      });
    expect(unguarded).toEqual([]);
  });

  it('checks a task route on the task and a report on all tasks', () => {
    expect(requiredAuthorization('PUT', '/task/t1')).toMatchObject({
      resource: 7,
      permission: 'UPDATE',
      resourceId: 't1',
    });
    expect(requiredAuthorization('POST', '/task/t1/complete')).toMatchObject({
      permission: 'TASK_WORK',
      resourceId: 't1',
    });
    expect(requiredAuthorization('GET', '/task/report/candidate-group-count')).toMatchObject({
      resource: 7,
      permission: 'READ',
      resourceId: '*',
    });
    expect(requiredAuthorization('GET', '/process-definition/k:1:u')).toMatchObject({
      resource: 6,
      resourceId: 'k',
    });
  });
});
