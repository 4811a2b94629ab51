import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * The shape of a typical Vietnamese brand-name SMS API (an HTTP JSON POST with an API key, the
 * registered brand name, the phone, the text and the client's request id; a result code "00" for
 * success). Codes of this emulator:
 *   00 accepted (also for a request id seen before: the first message's id, nothing sent again)
 *   01 wrong API key (401)       02 invalid phone number (400)   03 brand name not registered (400)
 *   04 empty text or longer than 5 segments (400)               05 rate limit exceeded (429)
 *   99 emulated system error (500 or the fault's status)
 */
export const SMS_CODES = {
  ok: '00',
  badKey: '01',
  badPhone: '02',
  badBrand: '03',
  badText: '04',
  rateLimited: '05',
  systemError: '99',
} as const;

export interface SmsRequest {
  brandname: string;
  phone: string;
  text: string;
  requestId: string;
}

export interface CaughtSms extends SmsRequest {
  messageId: string;
  receivedAt: Date;
  segments: number;
  /** Times the same request id was answered (1 = sent once). */
  requests: number;
}

/**
 * Faults for tests, until cleared or for the next `times` requests:
 * - `status`: answer with this HTTP status (500, 503, 400…) and code 99;
 * - `delayMs`: process the message, then wait before answering (a client with a shorter timeout
 *   gives up without knowing it was sent);
 * - `dropAfterAccept`: record the message, then close the connection without an answer.
 */
export interface SmsFaults {
  status?: number;
  delayMs?: number;
  dropAfterAccept?: boolean;
  times?: number;
}

export interface SmsEmulatorOptions {
  port?: number;
  host?: string;
  /** Accepted API key. Default `dev-sms-key`. */
  apiKey?: string;
  /** Registered brand names. Default [`MOTCUA`]. */
  brandnames?: string[];
  /** Requests per key and window (default 20 per 1000 ms). */
  rateLimit?: { max: number; windowMs: number };
}

/** Path of the send endpoint. */
export const SMS_SEND_PATH = '/api/sms/send';

const VN_MOBILE = /^(?:0|84|\+84)(3|5|7|8|9)\d{8}$/;

/** SMS segments: 160 GSM characters, 70 for Unicode (Vietnamese with diacritics); 153/67 when split. */
export function smsSegments(text: string): number {
  // eslint-disable-next-line no-control-regex
  const unicode = /[^\x00-\x7f]/.test(text);
  const single = unicode ? 70 : 160;
  const part = unicode ? 67 : 153;
  return text.length <= single ? 1 : Math.ceil(text.length / part);
}

/**
 * A local brand-name SMS gateway for development and tests over real HTTP: keeps every message
 * (deduplicated by request id), answers the codes above, enforces a rate limit. Never for
 * production.
 */
export class SmsEmulator {
  private readonly byRequest = new Map<string, CaughtSms>();
  private faults: SmsFaults = {};
  private server: Server | undefined;
  private window: { start: number; count: number } = { start: 0, count: 0 };
  /** HTTP requests the send endpoint received. */
  requests = 0;

  constructor(private readonly options: SmsEmulatorOptions = {}) {}

  get url(): string {
    const a = this.server?.address() as AddressInfo | undefined;
    return `http://${this.options.host ?? '127.0.0.1'}:${a?.port ?? 0}${SMS_SEND_PATH}`;
  }

  get apiKey(): string {
    return this.options.apiKey ?? 'dev-sms-key';
  }

  /** Every message, newest first. */
  messages(): CaughtSms[] {
    return [...this.byRequest.values()].reverse();
  }

  clear(): void {
    this.byRequest.clear();
  }

  setFaults(f: SmsFaults): void {
    this.faults = { ...f };
  }

  clearFaults(): void {
    this.faults = {};
  }

  private takeFault(): SmsFaults {
    const f = this.faults;
    if (f.times !== undefined) {
      if (f.times <= 0) return {};
      this.faults = { ...f, times: f.times - 1 };
    }
    return f;
  }

  private rateLimited(now: number): boolean {
    const { max, windowMs } = this.options.rateLimit ?? { max: 20, windowMs: 1000 };
    if (now - this.window.start >= windowMs) this.window = { start: now, count: 0 };
    this.window.count++;
    return this.window.count > max;
  }

  /** Validates and records one request: the HTTP status and the JSON answer. */
  private handleSend(key: string, body: unknown): { status: number; answer: Record<string, unknown> } {
    const answer = (status: number, code: string, message: string, extra: object = {}) => ({
      status,
      answer: { code, message, ...extra },
    });
    if (key !== this.apiKey) return answer(401, SMS_CODES.badKey, 'Sai khóa API');
    if (this.rateLimited(Date.now()))
      return answer(429, SMS_CODES.rateLimited, 'Vượt quá số yêu cầu cho phép');
    const b = (body ?? {}) as Partial<Record<keyof SmsRequest, unknown>>;
    const requestId = typeof b.requestId === 'string' ? b.requestId.trim() : '';
    const phone = typeof b.phone === 'string' ? b.phone.replace(/[\s.]/g, '') : '';
    const text = typeof b.text === 'string' ? b.text : '';
    const brandname = typeof b.brandname === 'string' ? b.brandname : '';
    if (!requestId || requestId.length > 100)
      return answer(400, SMS_CODES.badText, 'Thiếu mã yêu cầu (requestId)');
    const seen = this.byRequest.get(requestId);
    if (seen) {
      seen.requests++;
      return answer(200, SMS_CODES.ok, 'Yêu cầu đã được xử lý trước đó', {
        requestId,
        messageId: seen.messageId,
        duplicate: true,
      });
    }
    if (!VN_MOBILE.test(phone)) return answer(400, SMS_CODES.badPhone, 'Số điện thoại không hợp lệ');
    if (!(this.options.brandnames ?? ['MOTCUA']).includes(brandname))
      return answer(400, SMS_CODES.badBrand, 'Tên thương hiệu (brandname) chưa được đăng ký');
    const segments = smsSegments(text);
    if (!text.trim() || segments > 5) return answer(400, SMS_CODES.badText, 'Nội dung trống hoặc quá dài');
    const sms: CaughtSms = {
      brandname,
      phone,
      text,
      requestId,
      messageId: randomUUID(),
      receivedAt: new Date(),
      segments,
      requests: 1,
    };
    this.byRequest.set(requestId, sms);
    return answer(200, SMS_CODES.ok, 'Thành công', { requestId, messageId: sms.messageId, segments });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== SMS_SEND_PATH)
      return send(404, { code: '404', message: 'Không tìm thấy' });
    this.requests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const f = this.takeFault();
    if (f.status) return send(f.status, { code: SMS_CODES.systemError, message: 'Lỗi hệ thống (giả lập)' });
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(400, { code: SMS_CODES.badText, message: 'Nội dung yêu cầu không phải JSON' });
    }
    const auth = req.headers.authorization ?? '';
    const key = auth.startsWith('Bearer ') ? auth.slice(7) : String(req.headers['x-api-key'] ?? '');
    const { status, answer } = this.handleSend(key, body);
    // A slow gateway: the message is processed at once, the answer comes late (or too late).
    if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs).unref());
    if (res.destroyed) return;
    if (f.dropAfterAccept && status === 200) {
      req.socket.destroy();
      return;
    }
    send(status, answer);
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    return this;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }
}
