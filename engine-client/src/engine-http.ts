import { OperationalError } from '@motcua/domain';
import { decodeEngineError, EngineError } from './engine-error.js';

/** HTTP Basic credentials for an engine that requires authentication. */
export interface EngineAuth {
  user: string;
  password: string;
}

export interface EngineClientOptions {
  /** The REST API's base URL, e.g. `http://127.0.0.1:8080/engine-rest` (a trailing slash is dropped). */
  url: string;
  /** Sent as HTTP Basic on every call; never logged. Default: none. */
  auth?: EngineAuth;
  /** Each call's timeout, ms. Default 10 000. */
  timeoutMs?: number;
}

/** Query parameters: undefined ones are left out, lists joined with commas (Camunda's `…In`). */
export type Query = Record<string, string | number | boolean | string[] | undefined>;

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined) params.set(k, Array.isArray(v) ? v.join(',') : String(v));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/**
 * The transport under EngineClient: base URL, credentials, timeout, JSON in and out, and every
 * error answer decoded into an EngineError; an unreachable engine is an OperationalError (retry).
 */
export class EngineHttp {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** The `Authorization` header, or null. */
  readonly #authorization: string | null;

  constructor(options: EngineClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.#authorization = options.auth
      ? `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`
      : null;
  }

  private async send(method: string, path: string, init: RequestInit, accept: string): Promise<Response> {
    const headers: Record<string, string> = { accept, ...(init.headers as Record<string, string>) };
    if (this.#authorization) headers.authorization = this.#authorization;
    try {
      return await fetch(this.baseUrl + path, {
        ...init,
        method,
        headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new OperationalError(`Engine unreachable at ${this.baseUrl} (${method} ${path})`, { cause: err });
    }
  }

  private async failure(method: string, path: string, res: Response): Promise<EngineError> {
    const err = decodeEngineError({ method, path }, res.status, await res.text());
    if (res.status !== 401) return err;
    const hint = this.#authorization
      ? 'the engine refused ENGINE_USER/ENGINE_PASSWORD'
      : 'the engine requires authentication: set ENGINE_USER and ENGINE_PASSWORD';
    return new EngineError(err.status, err.type, `${err.message} (${hint})`, {
      engineMessage: err.engineMessage,
      code: err.code,
    });
  }

  /**
   * A call with a JSON answer (undefined for an empty one, e.g. 204). The body is sent as JSON,
   * or as multipart when it is FormData.
   */
  async json<T>(method: string, path: string, options: { body?: unknown; accept?: string } = {}): Promise<T> {
    const init: RequestInit = {};
    if (options.body instanceof FormData) init.body = options.body;
    else if (options.body !== undefined) {
      init.body = JSON.stringify(options.body);
      init.headers = { 'content-type': 'application/json' };
    }
    const res = await this.send(method, path, init, options.accept ?? 'application/json');
    if (!res.ok) throw await this.failure(method, path, res);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A GET whose answer is a file (XML, a form, a stack trace), as text; null on 404. */
  async text(path: string): Promise<string | null> {
    const res = await this.send('GET', path, {}, '*/*');
    if (res.status === 404) return null;
    if (!res.ok) throw await this.failure('GET', path, res);
    return res.text();
  }

  /** A GET whose answer is bytes (a File variable's data); null on 404. */
  async bytes(path: string): Promise<Buffer | null> {
    const res = await this.send('GET', path, {}, '*/*');
    if (res.status === 404) return null;
    if (!res.ok) throw await this.failure('GET', path, res);
    return Buffer.from(await res.arrayBuffer());
  }
}
