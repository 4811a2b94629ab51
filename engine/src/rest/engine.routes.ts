import { CamundaError, invalidRequest } from '../runtime/errors.js';
import { readJson, sendJson } from './http.js';
import type { RouteDeps } from './rest-context.js';

/** The Camunda REST version we follow (engine-rest-openapi 7.24). */
export const CAMUNDA_REST_VERSION = '7.24.0';

export function engineRoutes({ router }: RouteDeps): void {
  router.get('/engine', (ctx) => sendJson(ctx, [{ name: 'default' }]));
  router.get('/version', (ctx) => sendJson(ctx, { version: CAMUNDA_REST_VERSION }));
  /**
   * Message correlation: no supported BPMN element waits for a message yet (message events and
   * receive tasks are refused at deployment), so no correlation can ever match. Camunda answers
   * that case with this 400.
   */
  router.post('/message', async (ctx) => {
    const body = await readJson(ctx);
    const name = body.messageName;
    if (typeof name !== 'string' || name === '') throw invalidRequest('No message name supplied');
    throw new CamundaError(
      400,
      'RestException',
      `Cannot correlate message '${name}': No process definition or execution matches the parameters`,
    );
  });
}
