import type { Context } from 'koa';
import type { EngineCore } from '../engine-core.js';
import { InvalidArgumentError } from '../runtime/errors.js';
import type { InstructionVariable, ModificationInstruction } from '../runtime/instance-modification.js';
import { modifyInstances, type Modification } from '../services/modification.service.js';
import { listProcessInstances } from '../services/process-instance-query.service.js';
import { fromDto, VariableValueError } from '../variables/typed-value.js';
import { checkLength, noContent, optBool, optString, optStringArray, readJson } from './http.js';
import { instanceQuery } from './process-instance-query.js';
import { useBodyAsQuery } from './query-body.js';
import { engineOf, type RouteDeps } from './rest-context.js';

const TYPES = ['startBeforeActivity', 'startAfterActivity', 'startTransition', 'cancel'] as const;

function instructionVariables(raw: unknown, type: string): Map<string, InstructionVariable> {
  const out = new Map<string, InstructionVariable>();
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new InvalidArgumentError(`For instruction type '${type}': 'variables' must be an object`);
  for (const [name, dto] of Object.entries(raw as Record<string, unknown>)) {
    const local = (dto as { local?: unknown } | null)?.local;
    if (local !== undefined && local !== null && typeof local !== 'boolean')
      throw new InvalidArgumentError(`Variable '${name}': 'local' must be a boolean`);
    try {
      out.set(name, { value: fromDto(name, dto), local: local === true });
    } catch (err) {
      if (err instanceof VariableValueError)
        throw new InvalidArgumentError(`Cannot modify process instance: ${err.message}`);
      throw err;
    }
  }
  return out;
}

/** One instruction of Camunda's ProcessInstanceModificationInstructionDto, checked as Camunda's REST layer does. */
function parseInstruction(raw: unknown, kind: { batch: boolean }): ModificationInstruction {
  const { batch } = kind;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new InvalidArgumentError('Each instruction must be a JSON object');
  const body = raw as Record<string, unknown>;
  const type = optString(body, 'type');
  if (!TYPES.includes(type as (typeof TYPES)[number]))
    throw new InvalidArgumentError(
      `Instruction type '${String(type)}' is unknown; expected one of ${TYPES.join(', ')}`,
    );
  const need = (key: string) => {
    const v = optString(body, key);
    if (v === null || v === '')
      throw new InvalidArgumentError(`For instruction type '${type}': '${key}' must be set`);
    return v;
  };
  const ancestorActivityInstanceId = optString(body, 'ancestorActivityInstanceId');
  switch (type) {
    case 'startBeforeActivity':
    case 'startAfterActivity':
      return {
        type,
        activityId: need('activityId'),
        ancestorActivityInstanceId: batch ? null : ancestorActivityInstanceId,
        variables: instructionVariables(body.variables, type),
      };
    case 'startTransition':
      return {
        type,
        transitionId: need('transitionId'),
        ancestorActivityInstanceId: batch ? null : ancestorActivityInstanceId,
        variables: instructionVariables(body.variables, type),
      };
    default: {
      const ids = {
        activityId: optString(body, 'activityId'),
        activityInstanceId: batch ? null : optString(body, 'activityInstanceId'),
        transitionInstanceId: batch ? null : optString(body, 'transitionInstanceId'),
      };
      const given = Object.values(ids).filter((v) => v !== null && v !== '').length;
      if (given !== 1)
        throw new InvalidArgumentError(
          batch
            ? "For instruction type 'cancel': 'activityId' must be set"
            : "For instruction type 'cancel': exactly one, 'activityId', 'activityInstanceId', or 'transitionInstanceId', is required",
        );
      return { type: 'cancel', ...ids };
    }
  }
}

/**
 * A modification request (Camunda's ProcessInstanceModificationDto, or with `batch` the
 * ModificationDto of `/modification/execute`, whose instructions name no activity instances).
 */
export function parseModification(body: Record<string, unknown>, kind: { batch: boolean }): Modification {
  const { batch } = kind;
  const raw = body.instructions;
  if (raw !== undefined && raw !== null && !Array.isArray(raw))
    throw new InvalidArgumentError('instructions must be an array');
  if (batch && (!Array.isArray(raw) || raw.length === 0))
    throw new InvalidArgumentError('Modification instructions cannot be empty is empty'); // sic, Operaton's text
  return {
    instructions: ((raw as unknown[] | null | undefined) ?? []).map((i) => parseInstruction(i, { batch })),
    options: {
      skipCustomListeners: optBool(body, 'skipCustomListeners') ?? false,
      skipIoMappings: optBool(body, 'skipIoMappings') ?? false,
      annotation: checkLength(optString(body, 'annotation'), 'annotation', 4000),
    },
  };
}

/** The filters of `GET /process-instance` that a process instance query in a body may use. */
const QUERY_FILTERS = new Set([
  'processInstanceIds',
  'processInstanceId',
  'businessKey',
  'businessKeyLike',
  'processDefinitionKey',
  'processDefinitionId',
  'superProcessInstance',
  'variables',
  'sorting',
]);

/** The instances of `/modification/execute` and `/migration/execute`: ids and/or a process instance query. */
export async function selectedInstances(
  ctx: Context,
  core: EngineCore,
  body: Record<string, unknown>,
): Promise<string[]> {
  const ids = new Set(optStringArray(body, 'processInstanceIds') ?? []);
  const query = body.processInstanceQuery;
  if (query !== undefined && query !== null) {
    if (typeof query !== 'object' || Array.isArray(query))
      throw new InvalidArgumentError('processInstanceQuery must be an object');
    // A filter we do not know would be ignored and select too many instances: refuse it instead.
    const unknown = Object.keys(query).filter((k) => !QUERY_FILTERS.has(k));
    if (unknown.length)
      throw new InvalidArgumentError(
        `processInstanceQuery: ${unknown.join(', ')} not supported by this engine`,
      );
    useBodyAsQuery(ctx, query as Record<string, unknown>);
    for (const pi of await listProcessInstances(core, instanceQuery(ctx))) ids.add(pi.id);
  }
  return [...ids];
}

/**
 * `/modification/execute`: process-instance modification of several instances of one definition
 * (synchronous, all in one transaction, as Camunda's synchronous variant; the asynchronous batch
 * variant is not offered). One instance: `POST /process-instance/{id}/modification`
 * (process-instance.routes.ts).
 */
export function modificationRoutes({ router, core }: RouteDeps): void {
  router.post('/modification/execute', async (ctx) => {
    const body = await readJson(ctx);
    const processDefinitionId = optString(body, 'processDefinitionId');
    if (!processDefinitionId) throw new InvalidArgumentError('Process definition id cannot be null');
    const modification = parseModification(body, { batch: true });
    const ids = await selectedInstances(ctx, core, body);
    if (ids.length === 0)
      throw new InvalidArgumentError('Process instance ids cannot be empty: Process instance ids is empty');
    await modifyInstances(
      engineOf(core, ctx),
      { processDefinitionId, processInstanceIds: ids },
      modification,
    );
    noContent(ctx);
  });
}
