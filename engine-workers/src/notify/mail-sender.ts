import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';

/** Where and as whom e-mail is sent. The password is never logged (see `describeSmtp`). */
export interface SmtpConfig {
  /** `smtp://user:pass@host:port` or `smtps://…`; or host/port/user/pass below. */
  url?: string;
  host?: string;
  port?: number;
  /** TLS from the first byte (port 465); else STARTTLS when the server offers it. */
  secure?: boolean;
  user?: string;
  pass?: string;
  /** The From header, e.g. `"Cổng dịch vụ công" <khong-tra-loi@most.gov.vn>`. */
  from: string;
  /** Connection, greeting and socket timeouts, ms. Default 10 000 / 10 000 / 30 000. */
  timeouts?: { connectionMs?: number; greetingMs?: number; socketMs?: number };
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The outbox row's idempotency key: the Message-ID is derived from it, so a resend is recognisable. */
  idempotencyKey: string;
  templateId: string;
  templateVersion: number;
}

/** A failure of a send: `transient` ones are retried, the others fail the message at once. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SendError';
  }
}

/** The same idempotency key always gives the same Message-ID. */
export function messageIdFor(idempotencyKey: string, domain = 'motcua.local'): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}

/** Host and port for the logs: never the user's password. */
export function describeSmtp(c: SmtpConfig): string {
  if (c.url) {
    const u = new URL(c.url);
    return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}:***@` : ''}${u.host}`;
  }
  return `${c.secure ? 'smtps' : 'smtp'}://${c.user ? `${c.user}:***@` : ''}${c.host}:${c.port ?? 587}`;
}

/** Host, port, TLS and login from SMTP_URL or the separate settings. */
export function smtpTarget(c: SmtpConfig): {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  pass: string;
} {
  if (c.url) {
    const u = new URL(c.url);
    if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:')
      throw new Error('SMTP_URL must start with smtp:// or smtps://');
    const secure = u.protocol === 'smtps:';
    return {
      host: u.hostname,
      port: u.port ? Number(u.port) : secure ? 465 : 587,
      secure,
      user: u.username ? decodeURIComponent(u.username) : null,
      pass: decodeURIComponent(u.password),
    };
  }
  if (!c.host) throw new Error('SMTP host missing');
  return {
    host: c.host,
    port: c.port ?? 587,
    secure: c.secure ?? false,
    user: c.user ?? null,
    pass: c.pass ?? '',
  };
}

interface SmtpErrorShape {
  responseCode?: number;
  code?: string;
  message?: string;
}

/** Sends e-mail over SMTP with nodemailer (one connection per message: a send is rare). */
export class MailSender {
  private readonly transport: Transporter;

  constructor(private readonly config: SmtpConfig) {
    const t = config.timeouts ?? {};
    const target = smtpTarget(config);
    this.transport = nodemailer.createTransport({
      host: target.host,
      port: target.port,
      secure: target.secure,
      ...(target.user ? { auth: { user: target.user, pass: target.pass } } : {}),
      connectionTimeout: t.connectionMs ?? 10_000,
      greetingTimeout: t.greetingMs ?? 10_000,
      socketTimeout: t.socketMs ?? 30_000,
    });
  }

  /** Sends one message; its Message-ID on success, a SendError on failure. */
  async send(m: OutgoingMail): Promise<string> {
    const messageId = messageIdFor(m.idempotencyKey);
    try {
      const info = await this.transport.sendMail({
        from: this.config.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId,
        headers: {
          'X-Motcua-Template': m.templateId,
          'X-Motcua-Template-Version': String(m.templateVersion),
          'X-Motcua-Idempotency-Key': m.idempotencyKey,
        },
      });
      return (info as { messageId?: string }).messageId ?? messageId;
    } catch (err) {
      const e = err as SmtpErrorShape;
      // 5xx is the server's final word (unknown mailbox, refused); everything else may pass later.
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
      const what = e.responseCode ? `SMTP ${e.responseCode}` : (e.code ?? 'SMTP error');
      throw new SendError(`${what}: ${(e.message ?? '').slice(0, 200)}`, !permanent, { cause: err });
    }
  }

  close(): void {
    this.transport.close();
  }
}
