import type { Context } from 'koa';
import {
  annotateIncident,
  getIncident,
  incidentQuery,
  resolveIncident,
} from '../services/incident.service.js';
import { listCount, listPage } from '../services/query-params.js';
import { incidentDto } from './dto-mappers.js';
import { noContent, optString, readJson, sendJson } from './http.js';
import { pageParams, queryParams } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';

/** `/incident`: the runtime incidents — the query, its count, one, resolving, annotating. */
export function incidentRoutes({ router, core }: RouteDeps): void {
  router.get('/incident', async (ctx) => {
    sendJson(
      ctx,
      (await listPage(engineOf(core, ctx), incidentQuery(queryParams(ctx)), pageParams(ctx))).map(
        incidentDto,
      ),
    );
  });
  router.get('/incident/count', async (ctx) => {
    sendJson(ctx, { count: await listCount(engineOf(core, ctx), incidentQuery(queryParams(ctx))) });
  });
  router.get('/incident/:id', async (ctx) => {
    sendJson(ctx, incidentDto(await getIncident(engineOf(core, ctx), ctx.params.id!)));
  });
  router.delete('/incident/:id', async (ctx) => {
    await resolveIncident(engineOf(core, ctx), ctx.params.id!);
    noContent(ctx);
  });
  router.put('/incident/:id/annotation', async (ctx: Context) => {
    const annotation = optString(await readJson(ctx), 'annotation');
    await annotateIncident(engineOf(core, ctx), ctx.params.id!, { operation: 'SetAnnotation', annotation });
    noContent(ctx);
  });
  router.delete('/incident/:id/annotation', async (ctx: Context) => {
    await annotateIncident(engineOf(core, ctx), ctx.params.id!, {
      operation: 'ClearAnnotation',
      annotation: null,
    });
    noContent(ctx);
  });
}
