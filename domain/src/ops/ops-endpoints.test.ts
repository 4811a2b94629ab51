import { describe, expect, it } from '@jest/globals';
import { answerOpsRequest, type OpsEndpoints } from './ops-endpoints.js';

const ops = (over: Partial<OpsEndpoints> = {}): OpsEndpoints => ({
  readiness: async () => ({ database: { ok: true, state: 'up' }, engine: { ok: false, state: 'down' } }),
  metrics: async () => ({ contentType: 'text/plain; version=0.0.4', body: 'x_total 1\n' }),
  metricsToken: 'a-token-of-sixteen+',
  ...over,
});
const get = (path: string, authorization?: string) => ({ method: 'GET', path, authorization });

describe('operations endpoints', () => {
  it('leaves every other path to the app', async () => {
    expect(await answerOpsRequest(get('/health'), ops())).toBeNull();
    expect(await answerOpsRequest(get('/engine-rest/metrics'), ops())).toBeNull();
  });

  it('answers liveness without running any check', async () => {
    const a = await answerOpsRequest(
      get('/health/live'),
      ops({ readiness: () => Promise.reject(new Error('x')) }),
    );
    expect([a!.status, JSON.parse(a!.body)]).toEqual([200, { status: 'up' }]);
  });

  it('is not ready when one check fails, naming states only', async () => {
    const a = await answerOpsRequest(get('/health/ready'), ops());
    expect(a!.status).toBe(503);
    expect(JSON.parse(a!.body)).toEqual({ status: 'not-ready', checks: { database: 'up', engine: 'down' } });
  });

  it('hides a failing check behind a bare 503', async () => {
    const a = await answerOpsRequest(
      get('/health/ready'),
      ops({ readiness: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.5:3306')) }),
    );
    expect([a!.status, a!.body]).toEqual([503, '{"status":"not-ready"}']);
  });

  it('serves metrics with the right bearer token only, and not at all without one configured', async () => {
    expect((await answerOpsRequest(get('/metrics'), ops()))!.status).toBe(401);
    expect((await answerOpsRequest(get('/metrics', 'Bearer a-token-of-sixteen-'), ops()))!.status).toBe(401);
    expect((await answerOpsRequest(get('/metrics', 'Basic a-token-of-sixteen+'), ops()))!.status).toBe(401);
    const ok = await answerOpsRequest(get('/metrics', 'Bearer a-token-of-sixteen+'), ops());
    expect([ok!.status, ok!.body]).toEqual([200, 'x_total 1\n']);
    expect(
      (await answerOpsRequest(get('/metrics', 'Bearer a-token-of-sixteen+'), ops({ metricsToken: null })))!
        .status,
    ).toBe(404);
  });

  it('refuses other methods', async () => {
    const a = await answerOpsRequest(
      { method: 'DELETE', path: '/health/live', authorization: undefined },
      ops(),
    );
    expect([a!.status, a!.headers['allow']]).toEqual([405, 'GET, HEAD']);
  });
});
