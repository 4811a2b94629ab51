/**
 * The engine's domain errors: each says what went wrong, never which HTTP status to answer. They
 * follow Camunda 7's engine exception classes; `camundaType` is the name of that class, which
 * the engine also writes into a failed job's stack trace. How a REST operation answers each
 * kind (status, the `type` Camunda's REST API puts in its error JSON, `code`) is decided in one
 * place at the REST edge, `src/rest/error-responses.ts`; runtime, services and commands may not
 * import it (lint rule in `eslint.config.js`).
 */
export type EngineErrorKind =
  | 'invalidArgument'
  | 'notFound'
  | 'engineNotFound'
  | 'nullValue'
  | 'badUserRequest'
  | 'notValid'
  | 'parse'
  | 'processEngine'
  | 'optimisticLocking'
  | 'authorization'
  | 'suspendedEntity'
  | 'taskAlreadyClaimed'
  | 'messageCorrelation'
  | 'migrationPlanInvalid'
  | 'migratingInstanceInvalid';

export abstract class EngineError extends Error {
  abstract readonly kind: EngineErrorKind;
  /** Camunda's exception class for this error (`ProcessEngineException`…). */
  abstract readonly camundaType: string;
  constructor(
    message: string,
    /** Extra data Camunda puts beside the message (a parse error's report per resource). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An argument of the call is malformed, missing or out of range. */
export class InvalidArgumentError extends EngineError {
  readonly kind = 'invalidArgument';
  readonly camundaType = 'InvalidRequestException';
}

/** What the call names (by id or key) does not exist: a lookup found nothing. */
export class NotFoundError extends EngineError {
  readonly kind = 'notFound';
  readonly camundaType = 'InvalidRequestException';
}

/**
 * Camunda's NotFoundException: a command's own check found its target missing (Camunda's
 * `ensureNotNull(NotFoundException.class, …)`, e.g. "Cannot find task with id …: task is null").
 */
export class EngineNotFoundError extends EngineError {
  readonly kind = 'engineNotFound';
  readonly camundaType = 'NotFoundException';
}

/** Camunda's NullValueException: a value the command needs is absent ("…: x is null"). */
export class NullValueError extends EngineError {
  readonly kind = 'nullValue';
  readonly camundaType = 'NullValueException';
}

/** Camunda's BadUserRequestException: a request the engine refuses (negative retries…). */
export class BadUserRequestError extends EngineError {
  readonly kind = 'badUserRequest';
  readonly camundaType = 'BadUserRequestException';
}

/** Camunda's NotValidException: an instruction that cannot apply (a modification's target…). */
export class NotValidError extends EngineError {
  readonly kind = 'notValid';
  readonly camundaType = 'NotValidException';
}

/** Camunda's ParseException: a deployed resource is refused; `details` has the report per resource. */
export class ParseError extends EngineError {
  readonly kind = 'parse';
  readonly camundaType = 'ParseException';
}

/** Camunda's ProcessEngineException: the engine could not go on (no outgoing flow, an expression…). */
export class ProcessEngineError extends EngineError {
  readonly kind = 'processEngine';
  readonly camundaType = 'ProcessEngineException';
}

/** Camunda's OptimisticLockingException: a concurrent transaction changed the same rows; retry. */
export class OptimisticLockingError extends EngineError {
  readonly kind = 'optimisticLocking';
  readonly camundaType = 'OptimisticLockingException';
}

/** Camunda's AuthorizationException: the caller lacks a permission; it names what is missing. */
export class AuthorizationError extends EngineError {
  readonly kind = 'authorization';
  readonly camundaType = 'AuthorizationException';
  constructor(
    message: string,
    readonly userId: string,
    readonly missingAuthorizations: { permissionName: string; resourceName: string; resourceId: string }[],
  ) {
    super(message);
  }
}

/** Camunda's SuspendedEntityInteractionException: the task or instance is suspended. */
export class SuspendedEntityError extends EngineError {
  readonly kind = 'suspendedEntity';
  readonly camundaType = 'SuspendedEntityInteractionException';
}

/** Camunda's TaskAlreadyClaimedException: another user holds the task. */
export class TaskAlreadyClaimedError extends EngineError {
  readonly kind = 'taskAlreadyClaimed';
  readonly camundaType = 'TaskAlreadyClaimedException';
}

/** Camunda's MismatchingMessageCorrelationException: a message matched none or too many. */
export class MessageCorrelationError extends EngineError {
  readonly kind = 'messageCorrelation';
  readonly camundaType = 'MismatchingMessageCorrelationException';
}
