/**
 * Error families shared by every package. Each carries a `kind` tag so it survives serialisation
 * (logs, worker failures) and each interface maps it to its own style: Camunda-style JSON on the
 * engine REST API, a readable Vietnamese message on the portal.
 */
export type ErrorKind =
  'user' | 'not-found' | 'conflict' | 'forbidden' | 'unauthenticated' | 'operational' | 'unexpected';

export abstract class MotcuaError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input: the caller can fix it; the message is shown (HTTP 400). */
export class UserInputError extends MotcuaError {
  readonly kind = 'user' as const;
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The thing asked for does not exist (HTTP 404). */
export class NotFoundError extends MotcuaError {
  readonly kind = 'not-found' as const;
}

/** A concurrent change won (optimistic locking) or the state forbids the action (HTTP 409). */
export class ConflictError extends MotcuaError {
  readonly kind = 'conflict' as const;
}

/** The caller is known but may not do this (HTTP 403). */
export class ForbiddenError extends MotcuaError {
  readonly kind = 'forbidden' as const;
}

/** The caller is not signed in (HTTP 401). */
export class UnauthenticatedError extends MotcuaError {
  readonly kind = 'unauthenticated' as const;
}

/** A transient failure of an outside system: retry later. Wraps its cause. */
export class OperationalError extends MotcuaError {
  readonly kind = 'operational' as const;
}

/**
 * A business outcome modelled in BPMN (caught by an error boundary event), not a failure.
 * Workers throw it to call the engine's bpmnError.
 */
export class BusinessError extends MotcuaError {
  readonly kind = 'user' as const;
  constructor(
    readonly code: string,
    message: string,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function isMotcuaError(err: unknown): err is MotcuaError {
  return err instanceof MotcuaError;
}
