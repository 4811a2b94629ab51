import { metricIntervals, metricSum } from '../services/metrics.service.js';
import { InvalidArgumentError } from '../runtime/errors.js';
import { formatCamundaDate } from '../variables/typed-value.js';
import { paging, queryInt, queryString, sendJson } from './http.js';
import { queryParams } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';

/** `/metrics`: meters counted from history, per interval and summed. */
export function metricsRoutes({ router, core }: RouteDeps): void {
  /** Counts per interval (seconds, default 900), newest first. */
  router.get('/metrics', async (ctx) => {
    const interval = queryInt(ctx, 'interval') ?? 900;
    if (interval <= 0) throw new InvalidArgumentError('interval must be positive');
    const p = queryParams(ctx);
    const start = p.camundaDate('startDate');
    const end = p.camundaDate('endDate');
    const rows = await metricIntervals(engineOf(core, ctx), {
      name: queryString(ctx, 'name'),
      intervalMs: interval * 1000,
      start,
      end,
    });
    const { skip = 0, take } = paging(ctx);
    sendJson(
      ctx,
      rows.slice(skip, take === undefined ? undefined : skip + take).map((b) => ({
        timestamp: formatCamundaDate(new Date(b.timestamp)),
        name: b.name,
        reporter: null,
        value: b.value,
      })),
    );
  });
  router.get('/metrics/:name/sum', async (ctx) => {
    const p = queryParams(ctx);
    const start = p.camundaDate('startDate');
    const end = p.camundaDate('endDate');
    sendJson(ctx, { result: await metricSum(engineOf(core, ctx), ctx.params.name!, { start, end }) });
  });
}
