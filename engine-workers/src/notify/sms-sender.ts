import { SendError } from './mail-sender.js';

/** A brand-name SMS gateway over HTTP. The API key is never logged. */
export interface SmsConfig {
  /** The gateway's send endpoint, e.g. https://sms.example.vn/api/sms/send. */
  url: string;
  /** The registered brand name (sender). */
  brandname: string;
  apiKey: string;
  /** Whole-request timeout, ms. Default 15 000. */
  timeoutMs?: number;
}

export interface OutgoingSms {
  phone: string;
  text: string;
  /** The outbox row's idempotency key: the gateway's request id, so a resend is answered as a repeat. */
  requestId: string;
}

interface GatewayAnswer {
  code?: string;
  message?: string;
  messageId?: string;
}

/**
 * The SMS adapter: POSTs `{brandname, phone, text, requestId}` as JSON with the key as a Bearer
 * token and reads `{code, message, messageId}` ("00" = accepted). A server error, a rate limit
 * (429), a timeout or a broken connection are transient (retried with the same request id, which
 * the gateway answers as a repeat instead of sending again); other refusals are final.
 */
export class SmsSender {
  constructor(private readonly config: SmsConfig) {}

  async send(m: OutgoingSms): Promise<string> {
    let res: Response;
    try {
      res = await fetch(this.config.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.config.apiKey}`,
        },
        body: JSON.stringify({
          brandname: this.config.brandname,
          phone: m.phone,
          text: m.text,
          requestId: m.requestId,
        }),
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 15_000),
      });
    } catch (err) {
      const name = (err as Error).name;
      throw new SendError(
        name === 'TimeoutError'
          ? 'SMS gateway timed out'
          : `SMS gateway unreachable (${(err as Error).message})`,
        true,
        { cause: err },
      );
    }
    let answer: GatewayAnswer = {};
    try {
      answer = (await res.json()) as GatewayAnswer;
    } catch {
      /* not JSON: judged by the status alone */
    }
    const detail = `HTTP ${res.status}${answer.code ? ` code ${answer.code}` : ''}${answer.message ? `: ${answer.message}` : ''}`;
    if (res.ok && answer.code === '00') return answer.messageId ?? m.requestId;
    const transient = res.status >= 500 || res.status === 429 || res.status === 408;
    throw new SendError(`SMS gateway refused (${detail.slice(0, 200)})`, transient);
  }
}
