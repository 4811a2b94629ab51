/**
 * Camunda-style engine errors. Each carries the HTTP status, the `type` Camunda puts in its error
 * body and Camunda's numeric `code` (0 = generic, 1 = optimistic locking). The REST error
 * middleware is the only place that turns them into responses.
 */
export class CamundaError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code: number | null = null,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = type;
  }
}

/** 403: the caller lacks a permission (Camunda's AuthorizationException names what is missing). */
export class AuthorizationException extends CamundaError {
  constructor(
    message: string,
    readonly userId: string,
    readonly missingAuthorizations: { permissionName: string; resourceName: string; resourceId: string }[],
  ) {
    super(403, 'AuthorizationException', message, null);
  }
}

/** 400, raised by the REST layer for a malformed request (Camunda's InvalidRequestException). */
export const invalidRequest = (message: string, status = 400) =>
  new CamundaError(status, 'InvalidRequestException', message);
/** 404 for an unknown id or key. */
export const notFound = (message: string, type = 'NotFoundException') =>
  new CamundaError(404, type, message, type === 'InvalidRequestException' ? null : 0);
/** 400 for a request the engine refuses (another worker's lock, negative retries…). */
export const badUserRequest = (message: string) =>
  new CamundaError(400, 'BadUserRequestException', message, 0);
/** 500: the process could not continue (no outgoing flow, expression failure…). */
export const processEngineError = (message: string) =>
  new CamundaError(500, 'ProcessEngineException', message, 0);
/** 500 with code 1: a concurrent transaction changed the same rows; the caller may retry. */
export const optimisticLocking = (message: string) =>
  new CamundaError(500, 'OptimisticLockingException', message, 1);
