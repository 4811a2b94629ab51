/**
 * A minimal HTTP client with a cookie jar, for driving the portal like a browser without one.
 */
export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

export class PortalClient {
  readonly cookies = new Map<string, string>();
  /** Raw Set-Cookie header lines seen, to check cookie attributes. */
  readonly setCookieLines: string[] = [];

  constructor(readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: string,
    path: string,
    init: { body?: string | FormData; headers?: Record<string, string> } = {},
  ): Promise<HttpResult> {
    const res = await fetch(this.baseUrl + path, {
      method,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      this.setCookieLines.push(line);
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
  }

  get(path: string): Promise<HttpResult> {
    return this.request('GET', path, { headers: { accept: 'text/html' } });
  }

  postForm(path: string, fields: Record<string, string>): Promise<HttpResult> {
    return this.request('POST', path, {
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
  }

  postJson(path: string, body: unknown, csrfToken?: string): Promise<HttpResult> {
    return this.request('POST', path, {
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
      },
    });
  }

  /** A multipart upload (fetch sets the boundary), with the CSRF header. */
  postMultipart(path: string, form: FormData, csrfToken?: string): Promise<HttpResult> {
    return this.request('POST', path, {
      body: form,
      headers: { accept: 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    });
  }

  /** The CSRF token rendered into the last page (hidden `_csrf` field or the form config block). */
  static csrfIn(html: string): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /"csrfToken":"([^"]+)"/.exec(html);
    if (!m) throw new Error('no CSRF token in page');
    return m[1]!;
  }

  async login(username: string, password: string): Promise<HttpResult> {
    const page = await this.get('/dang-nhap');
    // The login form's own token (a signed-in page also carries the logout form's token).
    const form = page.text.slice(page.text.indexOf('action="/dang-nhap"'));
    return this.postForm('/dang-nhap', { _csrf: PortalClient.csrfIn(form), username, password });
  }

  /** The public lookup: its page (sets the lookup's CSRF cookie), then the code and the second factor. */
  async lookup(code: string, factor: string): Promise<HttpResult> {
    const page = await this.get(`/tra-cuu?ma=${encodeURIComponent(code)}`);
    const form = page.text.slice(page.text.indexOf('action="/tra-cuu"'));
    return this.postForm('/tra-cuu', { _csrf: PortalClient.csrfIn(form), ma: code, xacMinh: factor });
  }

  /** A page's CSRF token for the signed-in session. */
  async csrf(path = '/'): Promise<string> {
    return PortalClient.csrfIn((await this.get(path)).text);
  }
}
