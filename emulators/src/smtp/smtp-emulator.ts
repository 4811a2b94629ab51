import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** A message the emulator accepted, parsed. */
export interface CaughtMail {
  id: string;
  receivedAt: Date;
  /** The envelope sender and recipients (what the client said in MAIL FROM / RCPT TO). */
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string | null;
  /** Our own headers (`X-Motcua-*`: template id and version, idempotency key). */
  motcuaHeaders: Record<string, string>;
  /** The user the client logged in as, when it did. */
  authUser: string | null;
}

/**
 * Faults for tests, each until cleared (or for the next `times` sessions):
 * - `reject`: answer the message (end of DATA) with this SMTP code, e.g. 451 (try later) or 550;
 * - `delayMs`: wait this long before greeting a connection (a client with a shorter timeout gives
 *   up before it sent anything);
 * - `dropAfterAccept`: keep the message, then close the connection without the final 250 (the
 *   client cannot know it was delivered: the classic duplicate window of SMTP).
 */
export interface SmtpFaults {
  reject?: { code: number; message?: string };
  delayMs?: number;
  dropAfterAccept?: boolean;
  /** How many sessions the fault lasts; unset = until cleared. */
  times?: number;
}

export interface SmtpEmulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Messages kept (oldest dropped first). Default 500. */
  keep?: number;
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  return list.flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);
}

/**
 * A local SMTP server that keeps every message it accepts (parsed), for development (`npm start`
 * points the senders at it and the portal lists the messages at /gia-lap/hop-thu/) and for tests
 * over real SMTP. Any login is accepted; no TLS. Never for production.
 */
export class SmtpEmulator {
  private readonly mails: CaughtMail[] = [];
  private faults: SmtpFaults = {};
  private server: SMTPServer | undefined;
  private boundPort = 0;
  /** Sessions (connections) the emulator has seen. */
  sessions = 0;

  constructor(private readonly options: SmtpEmulatorOptions = {}) {}

  get port(): number {
    return this.boundPort;
  }

  /** `smtp://host:port` for nodemailer (any user/password is accepted). */
  get url(): string {
    return `smtp://${this.options.host ?? '127.0.0.1'}:${this.boundPort}`;
  }

  /** Every message, newest first. */
  messages(): CaughtMail[] {
    return [...this.mails].reverse();
  }

  clear(): void {
    this.mails.length = 0;
  }

  setFaults(f: SmtpFaults): void {
    this.faults = { ...f };
  }

  clearFaults(): void {
    this.faults = {};
  }

  /** The fault of this session, counting down `times`. */
  private takeFault(): SmtpFaults {
    const f = this.faults;
    if (f.times !== undefined) {
      if (f.times <= 0) return {};
      this.faults = { ...f, times: f.times - 1 };
    }
    return f;
  }

  async start(): Promise<this> {
    const sessionFaults = new Map<string, SmtpFaults>();
    const server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      banner: 'motcua SMTP emulator (development only)',
      logger: false,
      closeTimeout: 1000,
      onConnect: (session: SMTPServerSession, cb: (err?: Error | null) => void) => {
        this.sessions++;
        const f = this.takeFault();
        sessionFaults.set(session.id, f);
        if (f.delayMs) setTimeout(() => cb(), f.delayMs).unref();
        else cb();
      },
      onClose: (session: SMTPServerSession) => {
        sessionFaults.delete(session.id);
      },
      onAuth: (auth, _session, cb) => cb(null, { user: auth.username ?? 'anonymous' }),
      onData: (
        stream: SMTPServerDataStream,
        session: SMTPServerSession,
        cb: (err?: Error | null) => void,
      ) => {
        const f = sessionFaults.get(session.id) ?? {};
        simpleParser(stream)
          .then((parsed) => {
            if (f.reject) {
              const err = new Error(f.reject.message ?? 'Emulated failure') as Error & {
                responseCode: number;
              };
              err.responseCode = f.reject.code;
              cb(err);
              return;
            }
            const headers: Record<string, string> = {};
            for (const [k, v] of parsed.headers)
              if (k.startsWith('x-motcua-')) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
            this.mails.push({
              id: randomUUID(),
              receivedAt: new Date(),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: addresses(parsed.from)[0] ?? '',
              to: addresses(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              messageId: parsed.messageId ?? null,
              motcuaHeaders: headers,
              authUser: typeof session.user === 'string' ? session.user : null,
            });
            const keep = this.options.keep ?? 500;
            if (this.mails.length > keep) this.mails.splice(0, this.mails.length - keep);
            if (f.dropAfterAccept) {
              // Kept, but the client never hears the 250: it must assume nothing was delivered.
              const conn = [
                ...(server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> })
                  .connections,
              ].find((c) => c.id === session.id);
              conn?._socket.destroy();
              return;
            }
            cb();
          })
          .catch((err: unknown) => cb(err instanceof Error ? err : new Error(String(err))));
      },
    });
    server.on('error', () => {
      /* a dropped client connection; nothing to do */
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
