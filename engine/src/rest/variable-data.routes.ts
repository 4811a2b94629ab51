import { variableInstanceData } from '../services/variable-data.service.js';
import type { RouteDeps } from './rest-context.js';
import { sendVariableData } from './variables-resource.js';

/**
 * `GET /variable-instance/{id}/data`: the bytes of a File or Bytes variable instance. The `/data`
 * of a scope's variables (process instance, execution, task) is part of the variables
 * sub-resource (variables-resource.ts), that of historic variables and details is in `history/`.
 */
export function variableDataRoutes({ router, core }: RouteDeps): void {
  router.get('/variable-instance/:id/data', async (ctx) => {
    const id = ctx.params.id!;
    sendVariableData(ctx, await variableInstanceData(core, id), `variable with id ${id}`);
  });
}
