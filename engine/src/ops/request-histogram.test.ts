import { Histogram, Registry } from 'prom-client';
import type { Metric } from 'prom-client';
import { RequestHistogram } from './request-histogram.js';

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const OBSERVED: [string, string, number, number][] = [
  ['GET', '/engine-rest/task', 200, 0.003],
  ['GET', '/engine-rest/task', 200, 0.01],
  ['POST', '/engine-rest/task/{id}/complete', 204, 0.04],
  ['POST', '/engine-rest/task/{id}/complete', 404, 0.002],
  ['GET', '/engine-rest/task', 200, 75], // past the last bound: only +Inf and the count
  ['GET', 'unmatched', 404, 0.0001],
  ['POST', '/engine-rest/external-task/fetchAndLock', 200, 0.25],
  ['GET', '/engine-rest/task', 500, 1.5],
];

/** Two registries, one with prom-client's Histogram and one with ours, fed the same calls. */
function registries() {
  const name = 'motcua_engine_http_request_duration_seconds';
  const help = 'REST requests by method, route template and status';
  const theirs = new Registry();
  const histogram = new Histogram({
    name,
    help,
    labelNames: ['method', 'route', 'status'],
    buckets: BOUNDS,
    registers: [theirs],
  });
  const ours = new Registry();
  const requests = new RequestHistogram(name, help, BOUNDS);
  ours.registerMetric(requests as unknown as Metric);
  for (const [method, route, status, seconds] of OBSERVED) {
    histogram.observe({ method, route, status: String(status) }, seconds);
    requests.observe(method, route, status, seconds);
  }
  return { theirs, ours };
}

describe('RequestHistogram', () => {
  it("exposes exactly the text prom-client's Histogram exposes for the same calls", async () => {
    const { theirs, ours } = registries();
    const text = await ours.metrics();
    expect(text).toContain(
      'motcua_engine_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/engine-rest/task",status="200"} 1',
    );
    expect(text).toContain(
      'motcua_engine_http_request_duration_seconds_count{method="GET",route="/engine-rest/task",status="200"} 3',
    );
    expect(text).toBe(await theirs.metrics());
  });

  it('answers the same JSON, and nothing after a reset', async () => {
    const { theirs, ours } = registries();
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
    ours.resetMetrics();
    theirs.resetMetrics();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).not.toContain('_count');
  });
});
