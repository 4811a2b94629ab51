import { InvalidArgumentError } from '../runtime/errors.js';
import { throwSignal } from '../services/signal.service.js';
import { fromDtoMap, VariableValueError } from '../variables/typed-value.js';
import { noContent, optString, readJson } from './http.js';
import { engineOf, type RouteDeps } from './rest-context.js';

/**
 * `POST /signal`: delivers a signal to every execution waiting for it (signal catch and boundary
 * events), or to one execution with `executionId`, in one transaction; 204 even when nobody
 * listens, as Camunda.
 */
export function signalRoutes({ router, core }: RouteDeps): void {
  router.post('/signal', async (ctx) => {
    const body = await readJson(ctx);
    const name = optString(body, 'name');
    if (!name) throw new InvalidArgumentError('No signal name given');
    let variables;
    try {
      variables = fromDtoMap(body.variables);
    } catch (err) {
      if (err instanceof VariableValueError) throw new InvalidArgumentError(err.message);
      throw err;
    }
    const executionId = optString(body, 'executionId') ?? undefined;
    await throwSignal(engineOf(core, ctx), { name, variables, executionId });
    noContent(ctx);
  });
}
