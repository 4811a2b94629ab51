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

/**
 * Resources whose services check their authorizations themselves (issue 11); the table leaves
 * them alone. engine/test/rest-authorization-walk.test.ts calls every route to prove it.
 */
const CHECKED_IN_SERVICES =
  /^\/(task|filter|user|group|identity|tenant|authorization|deployment|process-definition|decision-definition|decision-requirements-definition|metrics|job|job-definition|incident|external-task|message|signal|execution|event-subscription|variable-instance|condition|process-instance|modification|migration)(\/|$)/;

describe('authorization rules', () => {
  it('name a resource and permission for every route but the open ones and those checked in services', () => {
    const unguarded = restRoutes()
      .filter((r) => r.method !== 'OPTIONS') // OPTIONS answers only the links one may follow
      .filter((r) => !CHECKED_IN_SERVICES.test(r.path))
      .map((r) => `${r.method} ${r.path}`)
      .filter((k) => !OPEN.has(k))
      .filter((k) => {
        const [method, path] = k.split(' ') as [string, string];
        return requiredAuthorization(method, path.replace(/\{[^}]+\}/g, 'x1')) === null;
      });
    expect(unguarded).toEqual([]);
  });

  it('leaves tasks and filters to their services and checks a definition on its key', () => {
    expect(requiredAuthorization('PUT', '/task/t1')).toBeNull();
    expect(requiredAuthorization('GET', '/filter/f1/list')).toBeNull();
    expect(requiredAuthorization('GET', '/process-definition/k:1:u')).toBeNull();
    expect(requiredAuthorization('GET', '/history/process-instance')).toMatchObject({
      resource: 6,
      permission: 'READ_HISTORY',
      resourceId: '*',
    });
  });
});
