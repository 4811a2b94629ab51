/**
 * Access to the administration (issue 14): every route under /quan-tri — taken from the routers
 * the running portal mounted, so a route added later is tested too — answers 403 to an applicant,
 * an officer, a leader and a designer (GET and, with a valid CSRF token, every change), sends a
 * signed-out visitor to the login, and is open to the admin. SQLite (no data involved).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { openDatabase } from '@motcua/db';
import { createPortalStores } from '@motcua/db/portal';
import { PortalClient } from './support/http-client.js';
import { signIn } from './support/stack-calls.js';
import { startStack, type Stack } from './support/stack.js';

const [sqlite] = await testDatabases();
jest.setTimeout(180_000);

/** A concrete URL for a route pattern: each `:param` becomes a value no record has. */
function concrete(path: string): string {
  return path.replace(/:(\w+)(\([^)]*\))?\??/g, (_m, name: string) => `khong-co-${name}`);
}

describe('access to /quan-tri', () => {
  let stack: Stack;
  let adminRoutes: Array<{ method: string; path: string }>;

  beforeAll(async () => {
    stack = await startStack(sqlite!);
    adminRoutes = stack.portal.routes.filter(
      (r) => r.path === '/quan-tri' || r.path.startsWith('/quan-tri/'),
    );
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('finds the administration routes in the mounted routers', () => {
    const paths = adminRoutes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(expect.arrayContaining(['GET /quan-tri', 'GET /quan-tri/don-vi']));
  });

  it.each([
    ['congdan', 'applicant'],
    ['canbo', 'officer'],
    ['lanhdao', 'leader'],
    ['thietke', 'designer'],
  ])('%s (%s) gets 403 on every route, and the refusal is audited', async (username, role) => {
    const c = await signIn(stack.portal.url, username);
    const csrf = PortalClient.csrfIn((await c.get('/')).text);
    const answers: string[] = [];
    for (const r of [...adminRoutes, { method: 'GET', path: '/quan-tri/khong-co-trang-nay' }]) {
      const url = concrete(r.path);
      const res = await c.request(r.method, url, {
        headers: { accept: 'text/html', 'x-csrf-token': csrf, 'content-type': 'application/json' },
        ...(r.method === 'GET' ? {} : { body: '{}' }),
      });
      answers.push(`${r.method} ${url} → ${res.status}`);
      if (r.method === 'GET') expect(res.text).toContain('không có quyền truy cập');
    }
    expect(answers.filter((a) => !a.endsWith('→ 403'))).toEqual([]);

    const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    try {
      const user = await createPortalStores(ds).users.findByUsername(username);
      const denied = (await createPortalStores(ds).audit.list({ action: 'access.denied' }, 1000)).filter(
        (e) => e.actor === user!.id,
      );
      expect(denied.length).toBe(adminRoutes.length + 1);
      expect(denied[0]!.detail).toEqual({ role, need: ['admin'] });
    } finally {
      await ds.destroy();
    }
  });

  it('a signed-out visitor is sent to the login page (GET) or refused (changes)', async () => {
    const c = new PortalClient(stack.portal.url);
    for (const r of adminRoutes) {
      const res = await c.request(r.method, concrete(r.path), {
        headers: { accept: 'text/html', 'content-type': 'application/json' },
        ...(r.method === 'GET' ? {} : { body: '{}' }),
      });
      if (r.method === 'GET') {
        expect(res.status).toBe(302);
        expect(res.headers.get('location')).toMatch(/^\/dang-nhap/);
      } else expect([401, 403]).toContain(res.status);
    }
  });

  it('the admin (quantri) opens every page', async () => {
    const c = await signIn(stack.portal.url, 'quantri');
    for (const r of adminRoutes.filter((x) => x.method === 'GET')) {
      const res = await c.get(concrete(r.path));
      // Pages with a parameter answer 404 (or 400) for a record that does not exist, never 403.
      expect({ path: r.path, status: res.status }).toEqual({
        path: r.path,
        status: r.path.includes(':') ? expect.any(Number) : 200,
      });
      expect(res.status).not.toBe(403);
      expect(res.status).toBeLessThan(500);
    }
    const home = await c.get('/');
    expect(home.text).toContain('href="/quan-tri"');
  });
});
