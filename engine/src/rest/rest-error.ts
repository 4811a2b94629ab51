/**
 * An error born at the REST edge itself, already in HTTP terms: a body too large (413), malformed
 * JSON, or a Camunda REST resource's own `RestException` wrapping an engine error. The runtime,
 * services and commands throw domain errors (`src/runtime/errors.ts`) instead; the edge maps
 * those in `error-responses.ts`.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code: number | null = null,
  ) {
    super(message);
    this.name = type;
  }
}
