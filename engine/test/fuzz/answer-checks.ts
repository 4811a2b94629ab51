/**
 * What every answer of the engine must be, whatever the request: no 5xx, Camunda's error JSON
 * `{type, message}` for a 4xx, and nothing of the engine's insides (stack traces, source paths,
 * driver errors, SQL) in any body.
 */
import type { Logger, LogMeta } from '@motcua/domain';
import type { FuzzRequest } from './malformed-requests.js';

export interface RawAnswer {
  status: number;
  contentType: string | null;
  text: string;
}

/** Sends the request as is (raw body, own content type); aborts after `timeoutMs`. */
export async function sendRaw(baseUrl: string, req: FuzzRequest, timeoutMs = 20_000): Promise<RawAnswer> {
  const res = await fetch(baseUrl + req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

/** Signs of internals leaking into an answer. */
export const LEAKS: { name: string; pattern: RegExp }[] = [
  { name: 'stack trace', pattern: /\n\s+at\s|\bat (async )?[\w$.<>]+ \([^)]*:\d+:\d+\)/ },
  {
    name: 'source path',
    pattern: /\/(src|dist|node_modules)\/[\w./-]*\.(ts|js|mjs|cjs)\b|file:\/\/\/(?!etc\/)/,
  },
  { name: 'home or work directory', pattern: /\/(work|home|root|tmp)\/[\w.-]+\// },
  {
    name: 'driver error',
    pattern: /SQLITE_[A-Z]+|\bER_[A-Z_]{4,}\b|QueryFailedError|EntityMetadataNotFound/,
  },
  { name: 'SQL', pattern: /\b(SELECT|INSERT INTO|UPDATE)\b[^"]{0,200}\b(FROM|VALUES|SET)\b/ },
  { name: 'JavaScript error name', pattern: /\b(TypeError|RangeError|ReferenceError|SyntaxError): / },
];

/** The catch-all's message: an error the engine did not expect reached the top. */
const UNEXPECTED = 'Internal engine error; see the engine log.';

/**
 * A 500 is accepted only where the engine refuses deliberately as Camunda/Operaton do (an engine
 * rule, e.g. `tenantId is null` → 500 NullValueException; each is asserted against the reference
 * elsewhere): a Camunda exception type and its own message. Any other 5xx, or the catch-all's
 * answer to an unexpected error, fails.
 */
function unexpected5xx(res: RawAnswer): string | null {
  if (res.status < 500) return null;
  if (res.status !== 500) return `status ${res.status}`;
  let body: { type?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(res.text) as typeof body;
  } catch {
    return 'status 500 without JSON';
  }
  if (body.message === UNEXPECTED) return 'status 500: an unexpected error reached the catch-all';
  if (typeof body.type !== 'string' || !/^[A-Z]\w*Exception$/.test(body.type))
    return 'status 500 without a Camunda exception type';
  return null;
}

export function answerProblems(res: RawAnswer): string[] {
  const problems: string[] = [];
  const fiveHundred = unexpected5xx(res);
  if (fiveHundred) problems.push(fiveHundred);
  if (res.status >= 400) {
    if (res.contentType?.split(';')[0] !== 'application/json')
      problems.push(`error answer with content type ${res.contentType ?? '(none)'}`);
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      problems.push('error answer is not JSON');
    }
    const b = body as { type?: unknown; message?: unknown } | undefined;
    if (body !== undefined && (typeof b?.type !== 'string' || typeof b?.message !== 'string'))
      problems.push('error answer without string type and message');
  }
  for (const { name, pattern } of LEAKS) if (pattern.test(res.text)) problems.push(`${name} in the body`);
  return problems;
}

/** A logger keeping the engine's warnings and errors, to print the cause of a failed request. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (meta: LogMeta | string, msg?: string) => {
    const err = typeof meta === 'object' ? (meta as { err?: unknown }).err : undefined;
    lines.push(
      `${msg ?? (typeof meta === 'string' ? meta : '')} ${err instanceof Error ? (err.stack ?? err.message) : ''}`,
    );
  };
  const logger: Logger = {
    trace: () => {},
    debug: () => {},
    info: () => {},
    warn: keep,
    error: keep,
    child: () => logger,
  };
  return { logger, lines };
}
