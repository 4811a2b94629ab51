import { CamundaError, invalidRequest } from '../runtime/errors.js';
import { deleteTask, handleTaskBpmnError, handleTaskEscalation } from '../services/task-events.service.js';
import { fromDtoMap, VariableValueError, type StoredValue } from '../variables/typed-value.js';
import { noContent, optString, readJson } from './http.js';
import type { RouteDeps } from './rest-context.js';

function variables(body: Record<string, unknown>): Map<string, StoredValue> {
  try {
    return fromDtoMap(body.variables);
  } catch (err) {
    if (err instanceof VariableValueError) throw invalidRequest(err.message);
    throw err;
  }
}

/**
 * `POST /task/{id}/bpmnError`, `POST /task/{id}/bpmnEscalation` and `DELETE /task/{id}`, with
 * Operaton 1.0.3's statuses (see task-events.service.ts for what each does).
 */
export function taskLifecycleRoutes({ router, core }: RouteDeps): void {
  router.post('/task/:id/bpmnError', async (ctx) => {
    const body = await readJson(ctx);
    const errorCode = optString(body, 'errorCode');
    // Operaton's words and type for a missing code (its REST layer checks it, not the engine).
    if (errorCode === null) throw new CamundaError(400, 'RestException', 'errorCode is null', 0);
    await handleTaskBpmnError(
      core,
      ctx.params.id!,
      errorCode,
      optString(body, 'errorMessage'),
      variables(body),
    );
    noContent(ctx);
  });
  router.post('/task/:id/bpmnEscalation', async (ctx) => {
    const body = await readJson(ctx);
    await handleTaskEscalation(core, ctx.params.id!, optString(body, 'escalationCode'), variables(body));
    noContent(ctx);
  });
  router.delete('/task/:id', async (ctx) => {
    await deleteTask(core, ctx.params.id!);
    noContent(ctx);
  });
}
