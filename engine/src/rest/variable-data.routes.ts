import { EngineHistoricVariableInstance, EngineHistoricVariableUpdate, EngineVariable } from '@motcua/db';
import { notFound } from '../runtime/errors.js';
import type { RouteDeps } from './rest-context.js';
import { serveVariableData } from './variables-resource.js';

/**
 * `…/data` of variables by id: the bytes of File and Bytes variables, read-only, for variable
 * instances, historic variable instances and historic variable updates. The `/data` of a scope's
 * variables (process instance, execution, task) is part of the variables sub-resource
 * (variables-resource.ts).
 */

export function variableDataRoutes({ router, core }: RouteDeps): void {
  router.get('/variable-instance/:id/data', async (ctx) => {
    const id = ctx.params.id!;
    await core.query(async (tx) => {
      const v = await tx.get(EngineVariable, id);
      if (!v) throw notFound(`Variable instance with Id '${id}' does not exist.`, 'InvalidRequestException');
      await serveVariableData(ctx, tx, v, `variable with id ${id}`);
    });
  });
  router.get('/history/variable-instance/:id/data', async (ctx) => {
    const id = ctx.params.id!;
    await core.query(async (tx) => {
      const v = await tx.get(EngineHistoricVariableInstance, id);
      if (!v)
        throw notFound(
          `Historic variable instance with Id '${id}' does not exist.`,
          'InvalidRequestException',
        );
      await serveVariableData(ctx, tx, v, `historic variable instance with id ${id}`);
    });
  });
  router.get('/history/detail/:id/data', async (ctx) => {
    const id = ctx.params.id!;
    await core.query(async (tx) => {
      const v = await tx.get(EngineHistoricVariableUpdate, id);
      if (!v) throw notFound(`Historic detail with Id '${id}' does not exist.`, 'InvalidRequestException');
      await serveVariableData(ctx, tx, v, `historic detail with id ${id}`);
    });
  });
}
