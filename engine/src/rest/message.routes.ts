import { instanceVariables } from '../services/process-instance-query.service.js';
import { InvalidArgumentError } from '../runtime/errors.js';
import { correlateMessage } from '../services/message.service.js';
import { fromDtoMap, VariableValueError } from '../variables/typed-value.js';
import { processInstanceDto, variableMap } from './dto-mappers.js';
import { noContent, optBool, optString, readJson, sendJson } from './http.js';
import { baseUrlOf, engineOf, type RouteDeps } from './rest-context.js';

/** `/message`: correlating a message (see services/message.service.ts). */
export function messageRoutes({ router, core }: RouteDeps): void {
  /**
   * Message correlation to waiting executions (receive tasks, catch and boundary events) or, when
   * none waits, message start events (see services/message.service.ts).
   */
  router.post('/message', async (ctx) => {
    const body = await readJson(ctx);
    const name = body.messageName;
    if (typeof name !== 'string' || name === '') throw new InvalidArgumentError('No message name supplied');
    if (body.tenantId !== undefined && body.tenantId !== null && body.withoutTenantId === true) {
      throw new InvalidArgumentError(
        "Parameter 'tenantId' cannot be used together with parameter 'withoutTenantId'.",
      );
    }
    let correlationKeys;
    let localCorrelationKeys;
    let processVariables;
    let processVariablesLocal;
    try {
      correlationKeys = fromDtoMap(body.correlationKeys);
      localCorrelationKeys = fromDtoMap(body.localCorrelationKeys);
      processVariables = fromDtoMap(body.processVariables);
      processVariablesLocal = fromDtoMap(body.processVariablesLocal);
    } catch (err) {
      if (err instanceof VariableValueError)
        throw new InvalidArgumentError(`Cannot correlate message '${name}': ${err.message}`);
      throw err;
    }
    const results = await correlateMessage(engineOf(core, ctx), {
      messageName: name,
      businessKey: optString(body, 'businessKey') ?? undefined,
      processInstanceId: optString(body, 'processInstanceId') ?? undefined,
      correlationKeys,
      localCorrelationKeys,
      processVariables,
      processVariablesLocal,
      all: optBool(body, 'all') ?? false,
      tenant:
        optBool(body, 'withoutTenantId') === true
          ? { withoutTenantId: true }
          : typeof body.tenantId === 'string'
            ? { tenantId: body.tenantId }
            : undefined,
    });
    if (!optBool(body, 'resultEnabled')) return noContent(ctx);
    const withVariables = optBool(body, 'variablesInResultEnabled') ?? false;
    const dtos = [];
    for (const r of results) {
      const vars = withVariables
        ? variableMap(await instanceVariables(engineOf(core, ctx), r.processInstanceId))
        : null;
      if (r.started) {
        dtos.push({
          resultType: 'ProcessDefinition',
          execution: null,
          processInstance: processInstanceDto(r.execution, baseUrlOf(ctx), r.ended),
          variables: vars,
        });
        continue;
      }
      dtos.push({
        resultType: 'Execution',
        execution: {
          id: r.execution.id,
          processInstanceId: r.processInstanceId,
          ended: r.ended,
          tenantId: r.execution.tenantId,
        },
        processInstance: null,
        variables: vars,
      });
    }
    sendJson(ctx, dtos);
  });
}
