import type { Context, Middleware, Next } from 'koa';
import type { Logger } from '@motcua/domain';
import { AuthorizationError, EngineError, InvalidArgumentError } from '../runtime/errors.js';
import { errorResponse, operationOf } from './error-responses.js';
import { RestError } from './rest-error.js';
import { readBody } from './request-body.js';
import { VariableValueError } from '../variables/typed-value.js';
import { jsonNestingDepth, MAX_JSON_DEPTH } from '../runtime/input-limits.js';

/** The largest Java int: Camunda's integer query parameters cannot hold more. */
const JAVA_INT_MAX = 2 ** 31 - 1;

/**
 * Sends JSON with Content-Type exactly `application/json`: camunda-external-task-client-js 3.1.0
 * parses a body only on that exact string, and koa would add `; charset=utf-8` to an object body.
 */
export function sendJson(ctx: Context, body: unknown, status = 200): void {
  ctx.status = status;
  ctx.set('Content-Type', 'application/json');
  ctx.body = JSON.stringify(body);
}

/** Sends a stored JSON document (a deployed form) as is. */
export function sendRawJson(ctx: Context, json: string, status = 200): void {
  ctx.status = status;
  ctx.set('Content-Type', 'application/json');
  ctx.body = json;
}

export function noContent(ctx: Context): void {
  ctx.status = 204;
  ctx.body = null;
}

/**
 * 200 with an empty body and no content type, where Operaton answers so instead of the 204 its
 * OpenAPI document lists (the process definition deletes). koa turns a null body into 204, so
 * the body is an empty string and koa's `text/plain` is taken off again.
 */
export function emptyOk(ctx: Context): void {
  ctx.status = 200;
  ctx.body = '';
  ctx.remove('Content-Type');
}

/** Reads and parses a JSON body; an empty body is `{}`. Malformed JSON → 400. */
export async function readJson(ctx: Context): Promise<Record<string, unknown>> {
  const text = (await readBody(ctx.req)).toString('utf8').trim();
  if (!text) return {};
  if (jsonNestingDepth(text) > MAX_JSON_DEPTH)
    throw new RestError(
      400,
      'JsonParseException',
      `Malformed JSON: nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new RestError(400, 'JsonParseException', `Malformed JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InvalidArgumentError('The request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

// ---- typed readers for body fields and query parameters; each failure is a 400 naming the field

/**
 * Longest `…Like` pattern accepted: longer than any column it is matched against, and SQLite
 * refuses patterns past 50 000 bytes ("LIKE or GLOB pattern too complex") with a driver error.
 */
const MAX_LIKE_PATTERN = 4000;

/** A LIKE pattern (a `…Like` parameter or a variable filter's `like` value) within the limit. */
export function likePattern<T extends string | null>(key: string, value: T): T {
  if (value !== null && value.length > MAX_LIKE_PATTERN)
    throw new InvalidArgumentError(`${key} must have at most ${MAX_LIKE_PATTERN} characters`);
  return value;
}

export function optString(body: Record<string, unknown>, key: string): string | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new InvalidArgumentError(`${key} must be a string`);
  if (key.endsWith('Like') && v.length > MAX_LIKE_PATTERN)
    throw new InvalidArgumentError(`${key} must have at most ${MAX_LIKE_PATTERN} characters`);
  return v;
}

/** A string field that must fit its column (e.g. varchar(255)): longer is a 400, not a database error. */
export function checkLength<T extends string | null>(value: T, key: string, max: number): T {
  if (value !== null && value.length > max)
    throw new InvalidArgumentError(`${key} must have at most ${max} characters`);
  return value;
}

export function reqString(body: Record<string, unknown>, key: string): string {
  const v = optString(body, key);
  if (v === null || v === '') throw new InvalidArgumentError(`${key} must not be null`);
  return v;
}

export function optInt(body: Record<string, unknown>, key: string): number | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new InvalidArgumentError(`${key} must be an integer`);
  return v;
}

export function optBool(body: Record<string, unknown>, key: string): boolean | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'boolean') throw new InvalidArgumentError(`${key} must be a boolean`);
  return v;
}

export function optStringArray(body: Record<string, unknown>, key: string): string[] | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new InvalidArgumentError(`${key} must be an array of strings`);
  return v as string[];
}

/**
 * `ctx.query`, kept on the context while its URL stays the same: a route reads dozens of
 * parameters (the task query about 30), and each `ctx.query` goes through koa's delegates,
 * `parseurl` and its cache. `ctx.query = …` (which rewrites the URL, see `useBodyAsQuery`) makes
 * it read afresh; it is the same object koa's own per-request cache answers.
 */
const QUERY = Symbol('query');
type QueryCarrier = Context & { [QUERY]?: { url: string | undefined; query: Context['query'] } };
function queryOf(ctx: QueryCarrier): Context['query'] {
  // A context made by hand (a parser's unit test) has no request: its `query` is all there is.
  if (ctx.req === undefined) return ctx.query;
  const url = ctx.req.url;
  let cached = ctx[QUERY];
  if (cached === undefined || cached.url !== url) ctx[QUERY] = cached = { url, query: ctx.query };
  return cached.query;
}

export function queryString(ctx: Context, key: string): string | undefined {
  const raw = queryOf(ctx)[key];
  const v = Array.isArray(raw) ? raw[raw.length - 1] : raw === '' ? undefined : raw;
  if (v === undefined) return undefined;
  if (key.endsWith('Like') && v.length > MAX_LIKE_PATTERN)
    throw new InvalidArgumentError(
      `Query parameter '${key}' must have at most ${MAX_LIKE_PATTERN} characters`,
    );
  return v;
}

export function queryInt(ctx: Context, key: string): number | undefined {
  const v = queryString(ctx, key);
  if (v === undefined) return undefined;
  // Camunda reads these as Java ints: anything past 2^31-1 is refused too, not sent to the database.
  if (!/^\d+$/.test(v) || Number(v) > JAVA_INT_MAX)
    throw new InvalidArgumentError(`Cannot set query parameter '${key}' to value '${v}'`);
  return Number(v);
}

/** A Java long query parameter (priorities): digits with an optional sign, within 2^53. */
export function queryLong(ctx: Context, key: string): number | undefined {
  const v = queryString(ctx, key);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v)))
    throw new InvalidArgumentError(`Cannot set query parameter '${key}' to value '${v}'`);
  return Number(v);
}

export function queryBool(ctx: Context, key: string): boolean | undefined {
  const v = queryString(ctx, key);
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false')
    throw new InvalidArgumentError(`Cannot set query parameter '${key}' to value '${v}'`);
  return v === 'true';
}

/** Comma-separated list parameter (`…In` filters). */
export function queryList(ctx: Context, key: string): string[] | undefined {
  const v = queryString(ctx, key);
  return v === undefined ? undefined : v.split(',').filter(Boolean);
}

export function sortOrderOf(ctx: Context): 'ASC' | 'DESC' {
  const v = queryString(ctx, 'sortOrder');
  if (v === undefined || v === 'asc') return 'ASC';
  if (v === 'desc') return 'DESC';
  throw new InvalidArgumentError(`Cannot set query parameter 'sortOrder' to value '${v}'`);
}

/** Camunda requires sortBy and sortOrder together, and only known sort keys. */
export function sortByOf<T extends string>(ctx: Context, allowed: readonly T[]): T | undefined {
  const by = queryString(ctx, 'sortBy');
  const order = queryString(ctx, 'sortOrder');
  if (by === undefined && order === undefined) return undefined;
  if (by === undefined || order === undefined)
    throw new InvalidArgumentError(
      'Only a single sorting parameter specified. sortBy and sortOrder required',
    );
  if (!allowed.includes(by as T))
    throw new InvalidArgumentError(`Cannot set query parameter 'sortBy' to value '${by}'`);
  return by as T;
}

export function paging(ctx: Context): { skip?: number; take?: number } {
  return { skip: queryInt(ctx, 'firstResult'), take: queryInt(ctx, 'maxResults') };
}

/**
 * Runs a multipart parser (multer) so that whatever it refuses — a missing field name, a broken
 * boundary, a part past a limit — answers 400 InvalidRequestException; errors of the route after
 * it pass through unchanged.
 */
export function parsingMultipart(parser: Middleware): Middleware {
  return async (ctx, next) => {
    let parsed = false;
    try {
      await parser(ctx, async () => {
        parsed = true;
        await next();
      });
    } catch (err) {
      if (parsed) throw err;
      const e = err as { name?: string; message?: string; field?: string };
      if (e.name === 'MulterError')
        throw new InvalidArgumentError(`Upload refused: ${e.message}${e.field ? ` (${e.field})` : ''}`);
      throw new InvalidArgumentError(`Malformed multipart request: ${e.message ?? 'unreadable'}`);
    }
  };
}

/**
 * The one error middleware: Camunda's error body `{type, message, code}` with Camunda's status —
 * for a domain error, as `error-responses.ts` maps its kind in the operation that raised it.
 * Unexpected errors answer 500 without internals and are logged.
 */
export function errorMiddleware(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        sendJson(
          ctx,
          { type: 'NotFoundException', message: `No resource ${ctx.method} ${ctx.path}`, code: 0 },
          404,
        );
      } else if (ctx.status >= 400 && ctx.response.get('Content-Type') !== 'application/json') {
        // e.g. the router's 405/501: every error body is Camunda's JSON.
        sendJson(
          ctx,
          {
            type: 'InvalidRequestException',
            message: `${ctx.message}: ${ctx.method} ${ctx.path}`,
            code: null,
          },
          ctx.status,
        );
      }
    } catch (err) {
      if (err instanceof EngineError || err instanceof RestError) {
        const { status, type, code } = err instanceof RestError ? err : errorResponse(err, operationOf(ctx));
        const body: Record<string, unknown> = { type, message: err.message, code };
        if (err instanceof EngineError && err.details !== undefined) body.details = err.details;
        if (err instanceof AuthorizationError) {
          body.userId = err.userId;
          body.missingAuthorizations = err.missingAuthorizations;
        }
        sendJson(ctx, body, status);
        if (status >= 500)
          logger.warn(
            { err, requestId: ctx.state.requestId as string },
            `${ctx.method} ${ctx.path}: ${err.message}`,
          );
        return;
      }
      if (err instanceof VariableValueError) {
        sendJson(ctx, { type: 'InvalidRequestException', message: err.message, code: null }, 400);
        return;
      }
      const e = err as { status?: number; code?: string; message?: string };
      if (typeof e.code === 'string' && e.code.startsWith('LIMIT_')) {
        // multer limits (file size, count)
        sendJson(
          ctx,
          { type: 'InvalidRequestException', message: e.message ?? 'Upload too large', code: null },
          400,
        );
        return;
      }
      if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
        sendJson(
          ctx,
          { type: 'InvalidRequestException', message: e.message ?? 'Bad request', code: null },
          e.status,
        );
        return;
      }
      logger.error({ err, requestId: ctx.state.requestId as string }, `${ctx.method} ${ctx.path} failed`);
      sendJson(
        ctx,
        { type: 'ProcessEngineException', message: 'Internal engine error; see the engine log.', code: 0 },
        500,
      );
    }
  };
}
