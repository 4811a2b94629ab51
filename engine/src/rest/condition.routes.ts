import { startByConditions } from '../services/condition.service.js';
import { fromDtoMap, VariableValueError, type StoredValue } from '../variables/typed-value.js';
import { InvalidArgumentError } from '../runtime/errors.js';
import { processInstanceDto } from './dto-mappers.js';
import { optBool, optString, readJson, sendJson } from './http.js';
import { baseUrlOf, engineOf, type RouteDeps } from './rest-context.js';

/**
 * `POST /condition`: starts an instance at every conditional start event whose condition holds for
 * the given variables (see condition.service.ts); answers the started instances, `links` empty as
 * Camunda's.
 */
export function conditionRoutes({ router, core }: RouteDeps): void {
  router.post('/condition', async (ctx) => {
    const body = await readJson(ctx);
    let variables: Map<string, StoredValue>;
    try {
      variables = fromDtoMap(body.variables);
    } catch (err) {
      if (err instanceof VariableValueError) throw new InvalidArgumentError(err.message);
      throw err;
    }
    const started = await startByConditions(engineOf(core, ctx), {
      variables,
      businessKey: optString(body, 'businessKey'),
      processDefinitionId: optString(body, 'processDefinitionId'),
      tenantId: optString(body, 'tenantId'),
      withoutTenantId: optBool(body, 'withoutTenantId') === true,
    });
    sendJson(
      ctx,
      started.map((s) => ({ ...processInstanceDto(s.instance, baseUrlOf(ctx), s.ended), links: [] })),
    );
  });
}
