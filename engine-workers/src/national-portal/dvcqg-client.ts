/**
 * The national portal's API as we speak it (DongBoHoSoMC, CapNhatTienDoHoSoMC, the inbound queue),
 * over HTTP with an OAuth2 client-credentials token. The token is fetched on first use and again
 * `refreshMarginMs` before it expires, or at once when the portal says it is no longer valid.
 * The client secret is sent to the token endpoint only and never logged or put in an error.
 */

/** Codes the portal answers in `error_code` ("0"/"00" success; see the emulator for the rest). */
export const DVCQG_ANSWER = {
  invalidToken: '01',
  invalidData: '02',
  alreadyExists: '03',
  notFound: '04',
} as const;

export interface DvcqgClientOptions {
  /** Base URL of the portal's API (the emulator: `http://localhost:3000/gia-lap/dvcqg`). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per-request timeout, ms. Default 10,000. */
  timeoutMs?: number;
  /** Fetch a new token this long before the current one expires, ms. Default 60,000. */
  refreshMarginMs?: number;
  now?: () => number;
}

export interface DvcqgAnswer {
  httpStatus: number;
  /** `error_code`; null when the body was not the portal's JSON. */
  code: string | null;
  message: string;
  body: Record<string, unknown> | null;
}

/** The call did not get an answer (network error, timeout, 5xx). Retried. */
export class DvcqgTransportError extends Error {
  override readonly name = 'DvcqgTransportError';
}

export function isSuccess(a: DvcqgAnswer): boolean {
  return a.httpStatus < 300 && (a.code === '0' || a.code === '00');
}

/** "03 Hồ sơ đã tồn tại (HTTP 200)" — what an officer sees of an answer. */
export function describeAnswer(a: DvcqgAnswer): string {
  return `${a.code ?? '—'} ${a.message} (HTTP ${a.httpStatus})`.trim();
}

export class DvcqgClient {
  private token: { value: string; expiresAt: number } | null = null;
  private fetching: Promise<string> | null = null;
  /** How many tokens this client fetched (for tests and logs). */
  tokensFetched = 0;

  constructor(private readonly options: DvcqgClientOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private url(path: string): string {
    return `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
  }

  private async fetchToken(): Promise<string> {
    const res = await this.request(this.url('/oauth2/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
      }).toString(),
    });
    const body = (await res.json().catch(() => null)) as {
      access_token?: string;
      expires_in?: number;
    } | null;
    if (!res.ok || !body?.access_token) {
      // The answer, not the request: the secret never ends up in the message.
      throw new DvcqgTransportError(`token endpoint answered HTTP ${res.status}`);
    }
    this.tokensFetched++;
    const ttlMs = Math.max(1, Number(body.expires_in ?? 300)) * 1000;
    this.token = { value: body.access_token, expiresAt: this.now() + ttlMs };
    return body.access_token;
  }

  /** A token valid for at least the refresh margin (or half its life, when that is shorter). */
  async accessToken(): Promise<string> {
    const margin = this.options.refreshMarginMs ?? 60_000;
    const t = this.token;
    if (t && t.expiresAt - this.now() > margin) return t.value;
    this.fetching ??= this.fetchToken().finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
    } catch (err) {
      const e = err as Error;
      throw new DvcqgTransportError(
        e.name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs ?? 10_000} ms`
          : `network: ${e.message}`,
      );
    }
  }

  /** One API call with the bearer token; an "invalid token" answer fetches a new one and retries once. */
  private async call(method: 'GET' | 'POST', path: string, payload?: unknown): Promise<DvcqgAnswer> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const res = await this.request(this.url(path), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      });
      const text = await res.text().catch(() => '');
      if (res.status >= 500) throw new DvcqgTransportError(`HTTP ${res.status}: ${text.slice(0, 200)}`);
      let body: Record<string, unknown> | null;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = null;
      }
      const answer: DvcqgAnswer = {
        httpStatus: res.status,
        code: body && body.error_code !== undefined ? String(body.error_code) : null,
        message: body && typeof body.message === 'string' ? body.message : text.slice(0, 200),
        body,
      };
      if ((answer.code === DVCQG_ANSWER.invalidToken || res.status === 401) && attempt === 0) {
        this.token = null;
        continue;
      }
      return answer;
    }
  }

  /** DongBoHoSoMC: creates (`isUpdating` false) or updates the dossiers. */
  syncDossiers(items: Array<Record<string, unknown>>, opts: { isUpdating: boolean }): Promise<DvcqgAnswer> {
    return this.call('POST', '/api/dong-bo-ho-so', {
      service: 'DongBoHoSoMC',
      isUpdating: opts.isUpdating ? 'True' : 'False',
      data: items,
    });
  }

  /** CapNhatTienDoHoSoMC: up to 10 progress entries. */
  addProgress(entries: Array<Record<string, unknown>>): Promise<DvcqgAnswer> {
    return this.call('POST', '/api/tien-do', { service: 'CapNhatTienDoHoSoMC', data: entries });
  }

  /** The dossiers filed on the national portal and not acknowledged yet. */
  pullInbound(): Promise<DvcqgAnswer> {
    return this.call('GET', '/api/ho-so-moi');
  }

  /** Tells the portal which of our dossiers an inbound one became. */
  acknowledgeInbound(nationalCode: string, ourCode: string): Promise<DvcqgAnswer> {
    return this.call('POST', '/api/ho-so-moi/xac-nhan', { MaHoSoQG: nationalCode, MaHoSo: ourCode });
  }
}
