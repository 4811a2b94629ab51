import type { Context } from 'koa';
import type { EngineError, EngineErrorKind } from '../runtime/errors.js';

/**
 * How the REST API answers each domain error (issue 11): the one place that knows HTTP statuses
 * for errors of the runtime, services and commands. Camunda's REST API answers an engine exception
 * by its class (`ExceptionHandlerHelper`: BadUserRequestException → 400, AuthorizationException →
 * 403, NotFoundException → 404, others 500), except where a REST resource catches it and answers
 * its own way (an `InvalidRequestException` or `RestException` with a status of its choice). The
 * defaults below are the first, the per-operation overrides the second, each as Operaton 1.0.3 and
 * Camunda 7.24 answer (the contract suite, `test/contract/`, compares every one).
 */
export interface ErrorResponse {
  status: number;
  /** The `type` of Camunda's error JSON, which clients read. */
  type: string;
  /** Camunda's numeric code: 0 generic, 1 optimistic locking; null for the REST layer's own errors. */
  code: number | null;
}

const invalidRequest = (status: number, code: number | null = null): ErrorResponse => ({
  status,
  type: 'InvalidRequestException',
  code,
});

/** The answer to each kind of domain error when the operation does not say otherwise. */
const BY_KIND: Readonly<Record<EngineErrorKind, ErrorResponse>> = {
  invalidArgument: invalidRequest(400),
  // A lookup that finds nothing: Camunda's resources answer `InvalidRequestException` with 404.
  notFound: invalidRequest(404),
  engineNotFound: { status: 404, type: 'NotFoundException', code: 0 },
  nullValue: { status: 500, type: 'NullValueException', code: 0 },
  badUserRequest: { status: 400, type: 'BadUserRequestException', code: 0 },
  notValid: { status: 400, type: 'NotValidException', code: 0 },
  parse: { status: 400, type: 'ParseException', code: 0 },
  processEngine: { status: 500, type: 'ProcessEngineException', code: 0 },
  // The caller may retry: a concurrent transaction changed the same rows.
  optimisticLocking: { status: 500, type: 'OptimisticLockingException', code: 1 },
  authorization: { status: 403, type: 'AuthorizationException', code: null },
  suspendedEntity: { status: 500, type: 'SuspendedEntityInteractionException', code: 0 },
  taskAlreadyClaimed: { status: 500, type: 'TaskAlreadyClaimedException', code: 0 },
  // MessageRestService wraps a failed correlation in a 400 RestException.
  messageCorrelation: { status: 400, type: 'RestException', code: null },
  migrationPlanInvalid: { status: 400, type: 'MigrationPlanValidationException', code: 0 },
  migratingInstanceInvalid: { status: 400, type: 'MigratingProcessInstanceValidationException', code: 0 },
};

type Overrides = Partial<Record<EngineErrorKind, ErrorResponse>>;

/** Lookups by key that Camunda's resource answers with a 404 `RestException`. */
const BY_KEY_NOT_FOUND: Overrides = { notFound: { status: 404, type: 'RestException', code: 0 } };
/** A DRD id that is unknown: the resource turns the engine's NullValueException into a 400. */
const DRD_BY_ID: Overrides = { nullValue: invalidRequest(400, 0) };
/** The migration resource turns the engine's BadUserRequestException into a 400 InvalidRequest. */
const MIGRATION: Overrides = { badUserRequest: invalidRequest(400, 0) };
/** A suspended task or instance: Operaton answers 400 here (500 elsewhere, e.g. on complete). */
const SUSPENDED_400: Overrides = { suspendedEntity: { ...BY_KIND.suspendedEntity, status: 400 } };

/**
 * Where an operation (`METHOD /path/{template}`, as the OpenAPI document names it) answers a kind
 * differently from its default.
 */
const BY_OPERATION: Readonly<Record<string, Overrides>> = {
  'GET /decision-definition/key/{key}/xml': BY_KEY_NOT_FOUND,
  'GET /decision-definition/key/{key}/diagram': BY_KEY_NOT_FOUND,
  'GET /decision-definition/key/{key}/tenant-id/{tenantId}': BY_KEY_NOT_FOUND,
  'GET /decision-definition/key/{key}/tenant-id/{tenantId}/xml': BY_KEY_NOT_FOUND,
  'GET /decision-definition/key/{key}/tenant-id/{tenantId}/diagram': BY_KEY_NOT_FOUND,
  'POST /decision-definition/key/{key}/tenant-id/{tenantId}/evaluate': BY_KEY_NOT_FOUND,
  'GET /decision-requirements-definition/key/{key}': BY_KEY_NOT_FOUND,
  'GET /decision-requirements-definition/key/{key}/xml': BY_KEY_NOT_FOUND,
  'GET /decision-requirements-definition/key/{key}/diagram': BY_KEY_NOT_FOUND,
  'GET /decision-requirements-definition/key/{key}/tenant-id/{tenantId}': BY_KEY_NOT_FOUND,
  'GET /decision-requirements-definition/key/{key}/tenant-id/{tenantId}/xml': BY_KEY_NOT_FOUND,
  'GET /decision-requirements-definition/key/{key}/tenant-id/{tenantId}/diagram': BY_KEY_NOT_FOUND,
  'GET /decision-requirements-definition/{id}': DRD_BY_ID,
  'GET /decision-requirements-definition/{id}/xml': DRD_BY_ID,
  'GET /decision-requirements-definition/{id}/diagram': DRD_BY_ID,
  // Operaton's words and status for an unknown process definition id.
  'POST /condition': { engineNotFound: { status: 400, type: 'NotFoundException', code: 0 } },
  'POST /migration/generate': MIGRATION,
  'POST /migration/validate': MIGRATION,
  'POST /migration/execute': MIGRATION,
  'POST /process-instance/{id}/modification': SUSPENDED_400,
  'POST /modification/execute': SUSPENDED_400,
  'POST /task/{id}/claim': SUSPENDED_400,
  // These resources wrap any ProcessEngineException in a 500 InvalidRequestException.
  'DELETE /job/{id}': { processEngine: invalidRequest(500) },
  'POST /group/create': { processEngine: invalidRequest(500) },
};

/** `METHOD /path/{template}` of the route that served the request, null before routing. */
export function operationOf(ctx: Context): string | null {
  const template = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  if (typeof template !== 'string') return null;
  return `${ctx.method} ${template.replace(/^\/engine-rest/, '').replace(/:(\w+)/g, '{$1}')}`;
}

/** The answer to a domain error in the operation that raised it. */
export function errorResponse(err: EngineError, operation: string | null): ErrorResponse {
  return (operation !== null ? BY_OPERATION[operation]?.[err.kind] : undefined) ?? BY_KIND[err.kind];
}

/** The operations with overrides: the test checks each is a route the API serves. */
export const OPERATIONS_WITH_OVERRIDES: readonly string[] = Object.keys(BY_OPERATION);
