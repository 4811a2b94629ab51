import type { ExceptionDto } from './dto.js';

/**
 * An error answer of a Camunda 7 REST API (ours, Camunda 7 or Operaton): the HTTP status and the
 * body's `type`, `message` and `code` (Camunda's ExceptionDto; `code` is set on errors a
 * BpmnError or a command raised with one). The message names the call, so a log line says which
 * request failed: `POST /message → 400 RestException: …`.
 */
export class EngineError extends Error {
  /** The engine's own message, without the request prefix. */
  readonly engineMessage: string;
  /** Camunda's error code (`ExceptionDto.code`), null when the engine sent none. */
  readonly code: number | null;

  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    options: { engineMessage?: string; code?: number | null; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.engineMessage = options.engineMessage ?? message;
    this.code = options.code ?? null;
  }

  /** True for an answer of the given status and, when given, exception type. */
  is(status: number, type?: string): boolean {
    return this.status === status && (type === undefined || this.type === type);
  }
}

/** The request an error answered, for the message. */
export interface FailedRequest {
  method: string;
  path: string;
}

/** The `type` used when the body is not Camunda's ExceptionDto (a proxy's HTML page, an empty body). */
export const HTTP_ERROR_TYPE = 'HttpError';

/**
 * Reads an error answer into an EngineError: Camunda's JSON `{type, message, code}` when the body
 * is one, else the raw text (at most 500 characters) under the type `HttpError`.
 */
export function decodeEngineError(request: FailedRequest, status: number, body: string): EngineError {
  let type = HTTP_ERROR_TYPE;
  let message = body.slice(0, 500);
  let code: number | null = null;
  try {
    const parsed = JSON.parse(body) as Partial<ExceptionDto> | null;
    if (parsed && typeof parsed === 'object') {
      if (typeof parsed.type === 'string' && parsed.type) type = parsed.type;
      if (typeof parsed.message === 'string') message = parsed.message;
      if (typeof parsed.code === 'number') code = parsed.code;
    }
  } catch {
    // not JSON: keep the raw text
  }
  return new EngineError(status, type, `${request.method} ${request.path} → ${status} ${type}: ${message}`, {
    engineMessage: message,
    code,
  });
}
