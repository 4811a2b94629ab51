/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are arbitrary JSON, checked by the schema */
import type { OpenApiContract } from './openapi-contract.js';

export interface ContractResponse<T = any> {
  status: number;
  contentType: string | null;
  body: T;
  text: string;
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  multipart?: { fields: Record<string, string>; files: Record<string, string> };
  /** Expected status (or statuses); a different one fails the call. Default: any 2xx. */
  expect?: number | number[];
  headers?: Record<string, string>;
  /**
   * false: the response is not validated against the document. Only for an answer of the
   * reference engine that the document does not list, asserted through `knownDifference` in
   * contract.test.ts (each case in engine/README.md, "Differences from the reference engines").
   */
  validateResponse?: boolean;
}

/**
 * HTTP Basic credentials for an engine under test that requires them (Operaton with its
 * `basic-auth` profile, ours with `ENGINE_AUTH=basic`): `ENGINE_USER` and `ENGINE_PASSWORD`, both or
 * neither — the same variables the portal and the workers read.
 */
export function engineAuthHeaders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const user = env.ENGINE_USER;
  const password = env.ENGINE_PASSWORD;
  if (!user && !password) return {};
  if (!user || !password) throw new Error('ENGINE_USER and ENGINE_PASSWORD go together: set both or neither');
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/**
 * Sends a call to the engine under test and checks request and response against the OpenAPI
 * document: the call fails on any violation, on an undocumented operation or an unexpected status.
 * Every documented operation it exercised is recorded in `covered`.
 */
export class ContractClient {
  /** `METHOD /document/path` → statuses seen. */
  readonly covered = new Map<string, Set<number>>();

  constructor(
    readonly baseUrl: string,
    private readonly contract: OpenApiContract,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  async call<T = any>(method: string, path: string, o: CallOptions = {}): Promise<ContractResponse<T>> {
    const op = this.contract.find(method, path);
    if (!op) throw new Error(`${method} ${path} is not an operation of the OpenAPI document`);
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) query.set(k, String(v));
    const label = `${op.method} ${op.path}`;
    const requestProblems = this.contract.checkRequest(op, query, {
      json: o.json,
      multipartFields: o.multipart ? Object.keys(o.multipart.fields) : undefined,
    });
    if (requestProblems.length)
      throw new Error(`${label}: request violates the document: ${requestProblems.join(' | ')}`);

    const headers: Record<string, string> = { ...this.defaultHeaders, ...o.headers };
    let body: string | FormData | undefined;
    if (o.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.json);
    } else if (o.multipart) {
      const form = new FormData();
      for (const [k, v] of Object.entries(o.multipart.fields)) form.append(k, v);
      for (const [name, content] of Object.entries(o.multipart.files))
        form.append(name, new Blob([content], { type: 'application/octet-stream' }), name);
      body = form;
    }
    const qs = query.size ? `?${query}` : '';
    const res = await fetch(`${this.baseUrl}${path}${qs}`, { method, headers, body });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    const expected = o.expect === undefined ? undefined : ([] as number[]).concat(o.expect);
    if (expected ? !expected.includes(res.status) : res.status < 200 || res.status >= 300)
      throw new Error(
        `${method} ${path}${qs}: expected ${expected?.join(' or ') ?? '2xx'}, got ${res.status}: ${text.slice(0, 500)}`,
      );
    const responseProblems =
      o.validateResponse === false ? [] : this.contract.checkResponse(op, res.status, contentType, text);
    if (responseProblems.length)
      throw new Error(
        `${method} ${path}${qs} → ${res.status}: response violates the document: ${responseProblems.join(' | ')}\n${text.slice(0, 1500)}`,
      );
    let parsed: unknown = text;
    if (contentType?.startsWith('application/json') && text) parsed = JSON.parse(text);
    const seen = this.covered.get(label) ?? new Set<number>();
    seen.add(res.status);
    this.covered.set(label, seen);
    return { status: res.status, contentType, body: parsed as T, text };
  }

  get<T = any>(path: string, o?: CallOptions) {
    return this.call<T>('GET', path, o);
  }
  /** `json` undefined sends no body (operations whose document defines none). */
  post<T = any>(path: string, json?: unknown, o: CallOptions = {}) {
    return this.call<T>('POST', path, { json, ...o });
  }
  put<T = any>(path: string, json?: unknown, o: CallOptions = {}) {
    return this.call<T>('PUT', path, { json, ...o });
  }
  delete<T = any>(path: string, o?: CallOptions) {
    return this.call<T>('DELETE', path, o);
  }
}
