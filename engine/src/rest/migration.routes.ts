import type { Context } from 'koa';
import { InvalidArgumentError } from '../runtime/errors.js';
import { errorResponse, operationOf } from './error-responses.js';
import { RestError } from './rest-error.js';
import {
  InstanceValidationError,
  MigrationPlanValidationError,
  type MigrationInstruction,
  type MigrationPlan,
} from '../runtime/instance-migration.js';
import {
  generateMigrationPlan,
  migrateInstances,
  validateMigrationPlan,
} from '../services/migration.service.js';
import { fromDtoMap, VariableValueError, type StoredValue } from '../variables/typed-value.js';
import { noContent, optBool, optString, readJson, sendJson } from './http.js';
import { selectedInstances } from './modification.routes.js';
import { engineOf, type RouteDeps } from './rest-context.js';

function ids(raw: unknown, key: string): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string'))
    throw new InvalidArgumentError(`${key} must be an array of strings`);
  return raw as string[];
}

/** Camunda's MigrationPlanDto; `variables` are kept as sent, to be echoed. */
function parsePlan(body: unknown): MigrationPlan & { variablesDto: unknown } {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new InvalidArgumentError('migrationPlan must be a JSON object');
  const b = body as Record<string, unknown>;
  const raw = b.instructions;
  if (raw !== undefined && raw !== null && !Array.isArray(raw))
    throw new InvalidArgumentError('instructions must be an array');
  const instructions: MigrationInstruction[] = ((raw as unknown[] | null | undefined) ?? []).map((i) => {
    if (i === null || typeof i !== 'object' || Array.isArray(i))
      throw new InvalidArgumentError('Each migration instruction must be a JSON object');
    const r = i as Record<string, unknown>;
    return {
      sourceActivityIds: ids(r.sourceActivityIds, 'sourceActivityIds'),
      targetActivityIds: ids(r.targetActivityIds, 'targetActivityIds'),
      updateEventTrigger: optBool(r, 'updateEventTrigger') ?? false,
    };
  });
  let variables: Map<string, StoredValue>;
  try {
    variables = fromDtoMap(b.variables ?? {});
  } catch (err) {
    if (err instanceof VariableValueError)
      throw new InvalidArgumentError(`Cannot set migration variables: ${err.message}`);
    throw err;
  }
  return {
    sourceProcessDefinitionId: optString(b, 'sourceProcessDefinitionId') ?? '',
    targetProcessDefinitionId: optString(b, 'targetProcessDefinitionId') ?? '',
    instructions,
    variables,
    variablesDto: b.variables ?? null,
  };
}

/** Validation failures carry their report under `validationReport`, as Camunda's error body. */
function sendValidationError(
  ctx: Context,
  err: MigrationPlanValidationError | InstanceValidationError,
): void {
  const { status, type, code } = errorResponse(err, operationOf(ctx));
  sendJson(ctx, { type, message: err.message, code, validationReport: err.validationReport }, status);
}

/**
 * Process-instance migration: plans are generated and validated statically; execution is
 * synchronous, every instance in one transaction. The asynchronous (batch) variant is not offered.
 */
export function migrationRoutes({ router, core }: RouteDeps): void {
  router.post('/migration/generate', async (ctx) => {
    const body = await readJson(ctx);
    const sourceProcessDefinitionId = optString(body, 'sourceProcessDefinitionId');
    const targetProcessDefinitionId = optString(body, 'targetProcessDefinitionId');
    if (body.variables !== undefined && body.variables !== null) parsePlan(body); // checks the values
    const instructions = await generateMigrationPlan(engineOf(core, ctx), {
      sourceProcessDefinitionId,
      targetProcessDefinitionId,
      updateEventTriggers: optBool(body, 'updateEventTriggers') ?? false,
    });
    sendJson(ctx, {
      sourceProcessDefinitionId,
      targetProcessDefinitionId,
      instructions,
      variables: body.variables ?? null,
    });
  });

  router.post('/migration/validate', async (ctx) => {
    const plan = parsePlan(await readJson(ctx));
    const instructionReports = await validateMigrationPlan(engineOf(core, ctx), plan);
    sendJson(ctx, { instructionReports, variableReports: {} });
  });

  router.post('/migration/execute', async (ctx) => {
    const body = await readJson(ctx);
    const plan = parsePlan(body.migrationPlan);
    const options = {
      skipCustomListeners: optBool(body, 'skipCustomListeners') ?? false,
      skipIoMappings: optBool(body, 'skipIoMappings') ?? false,
    };
    const instances = await selectedInstances(ctx, core, body);
    if (instances.length === 0)
      throw new RestError(
        400,
        'BadUserRequestException',
        'Process instance ids cannot empty: process instance ids is empty',
        0,
      );
    try {
      await migrateInstances(engineOf(core, ctx), plan, instances, options);
    } catch (err) {
      if (err instanceof MigrationPlanValidationError || err instanceof InstanceValidationError) {
        sendValidationError(ctx, err);
        return;
      }
      throw err;
    }
    noContent(ctx);
  });
}
