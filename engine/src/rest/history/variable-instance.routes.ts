import {
  deleteHistoricVariable,
  getHistoricVariable,
  historicVariableData,
  historicVariableQuery,
} from '../../services/history/historic-variable.service.js';
import { listCount, listPage } from '../../services/query-params.js';
import { historicVariableInstanceDto } from '../dto-mappers.js';
import { noContent, sendJson } from '../http.js';
import { getAndPost, pageParams, queryParams } from '../list-query.js';
import { engineOf, type RouteDeps } from '../rest-context.js';
import { sendVariableData } from '../variables-resource.js';

/** `/history/variable-instance`: the query (GET and POST), its count, one, its bytes, deletion. */
export function historicVariableInstanceRoutes({ router, core }: RouteDeps): void {
  getAndPost(router, '/history/variable-instance', async (ctx) => {
    const rows = await listPage(
      engineOf(core, ctx),
      historicVariableQuery(queryParams(ctx)),
      pageParams(ctx),
    );
    sendJson(ctx, rows.map(historicVariableInstanceDto));
  });
  getAndPost(router, '/history/variable-instance/count', async (ctx) => {
    sendJson(ctx, { count: await listCount(engineOf(core, ctx), historicVariableQuery(queryParams(ctx))) });
  });
  router.get('/history/variable-instance/:id', async (ctx) => {
    sendJson(
      ctx,
      historicVariableInstanceDto(await getHistoricVariable(engineOf(core, ctx), ctx.params.id!)),
    );
  });
  router.delete('/history/variable-instance/:id', async (ctx) => {
    await deleteHistoricVariable(engineOf(core, ctx), ctx.params.id!);
    noContent(ctx);
  });
  router.get('/history/variable-instance/:id/data', async (ctx) => {
    const id = ctx.params.id!;
    sendVariableData(
      ctx,
      await historicVariableData(engineOf(core, ctx), id),
      `historic variable instance with id ${id}`,
    );
  });
}
