import type { NotificationOutboxStore, OutboxMessage } from '@motcua/db/workers';
import type { Logger } from '@motcua/domain';
import { raiseIncident } from '../runtime/raise-incident.js';
import { SendError, type MailSender } from './mail-sender.js';
import { messageFacts, type FactsDeps } from './message-facts.js';
import type { SmsSender } from './sms-sender.js';
import { renderTemplate, templateFor } from './templates.js';

export interface NotificationSenderOptions {
  outbox: NotificationOutboxStore;
  facts: FactsDeps;
  /** Absent: e-mail is not configured and e-mail messages fail (visibly). */
  mail?: MailSender;
  /** Absent: SMS is not configured and SMS messages fail (visibly). */
  sms?: SmsSender;
  logger: Logger;
  /** Claim owner, e.g. the worker id. */
  owner: string;
  /** Pause between two passes, ms. Default 2000. */
  pollMs?: number;
  /** How long a claim holds before another sender may take the row, ms. Default 120 000. */
  leaseMs?: number;
  /** Attempts before a message is given up (`failed`). Default 6. */
  maxAttempts?: number;
  /** Wait before the second attempt, ms (doubling each time). Default 30 000. */
  backoffMs?: number;
  /** Longest wait between attempts, ms. Default 3 600 000. */
  backoffMaxMs?: number;
  /** Messages claimed per pass. Default 10. */
  batch?: number;
  clock?: () => Date;
}

const CHANNEL_VI = { email: 'thư điện tử', sms: 'tin nhắn SMS' } as const;

/** The engine incident type of a message that kept failing (configuration = the outbox row's id). */
export const NOTIFICATION_INCIDENT_TYPE = 'notificationFailed';

/** Credentials written into an address (`//user:password@host`) never reach the incident. */
function withoutCredentials(text: string): string {
  return text.replace(/\/\/[^/\s@]+@/g, '//***@');
}

/**
 * The incident's message: which message, after how many attempts, and the server's last answer
 * (shortened). No recipient address: the incident list is read by operators.
 */
export function notificationIncidentMessage(m: OutboxMessage): string {
  const answer = withoutCredentials(m.lastError ?? '').slice(0, 300);
  return `Không gửi được ${CHANNEL_VI[m.channel]} (thông báo #${m.id}, ${m.kind}) sau ${m.attempts} lần thử. Máy chủ trả lời: ${answer}`;
}

/**
 * The outbox's sender: claims due messages (safe with any number of sender processes), renders
 * the template, sends over SMTP or the SMS gateway and records the outcome. A transient failure
 * (4xx/timeout/5xx of the gateway) is retried with exponential backoff; after `maxAttempts`, or
 * at once on a final refusal, the message becomes `failed`, the dossier's history says so, and
 * for a message about a process instance an engine incident (`notificationFailed`) is raised on
 * it over the REST API, once: the failing sender holds the claim to raise it and records its id
 * on the row; if it dies or the engine does not answer, another pass (of any sender) takes the
 * claim over when it runs out, and finds an incident already raised instead of raising a second.
 * The administrators' page of failed messages lists them and sends one again ("Gửi lại"), which
 * resolves the incident. Sending is not an external task of the process: the dossier never
 * waits on it, and a message without a process instance (an officer's reminder) stays failed
 * without an incident.
 *
 * Exactly once: a message is sent only while claimed, and marked sent in the transaction that
 * writes its history line. A sender that dies after the server accepted but before that commit
 * leaves the one window where a message can go out twice; the retry then carries the same
 * Message-ID / SMS request id, which the SMS gateway answers as a repeat (nothing sent again) and
 * an e-mail client can use to hide the duplicate.
 */
export class NotificationSender {
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(private readonly o: NotificationSenderOptions) {
    this.log = o.logger.child({ component: 'notification-sender' });
  }

  private now(): Date {
    return this.o.clock ? this.o.clock() : new Date();
  }

  /** Wait before attempt `attempts + 1`. */
  backoff(attempts: number): number {
    const first = this.o.backoffMs ?? 30_000;
    return Math.min(this.o.backoffMaxMs ?? 3_600_000, first * 2 ** Math.max(0, attempts - 1));
  }

  /** One pass: claims and sends what is due; returns how many were sent. */
  async sendOnce(): Promise<number> {
    const claimed = await this.o.outbox.claimDue(
      this.o.owner,
      this.now(),
      this.leaseMs(),
      this.o.batch ?? 10,
    );
    let sent = 0;
    for (const m of claimed) if (await this.deliver(m)) sent++;
    // Incidents whose raiser died or could not reach the engine.
    const orphans = await this.o.outbox.claimIncidentsDue(
      this.o.owner,
      this.now(),
      this.leaseMs(),
      this.o.batch ?? 10,
    );
    for (const m of orphans) await this.raiseIncidentFor(m);
    return sent;
  }

  private leaseMs(): number {
    return this.o.leaseMs ?? 120_000;
  }

  private async deliver(m: OutboxMessage): Promise<boolean> {
    const meta = {
      outboxId: m.id,
      kind: m.kind,
      channel: m.channel,
      dossierId: m.dossierId,
      attempt: m.attempts,
    };
    const templateId = templateFor(m.kind);
    if (!templateId) {
      await this.fail(m, `no template for ${m.kind}`);
      return false;
    }
    try {
      const rendered = renderTemplate(templateId, await messageFacts(m, this.o.facts));
      let providerId: string;
      if (m.channel === 'email') {
        if (!this.o.mail) throw new SendError('e-mail is not configured (SMTP_URL or SMTP_HOST)', false);
        providerId = await this.o.mail.send({
          to: m.recipient,
          subject: rendered.subject,
          text: rendered.text,
          idempotencyKey: m.idempotencyKey,
          templateId: rendered.templateId,
          templateVersion: rendered.templateVersion,
        });
      } else {
        if (!this.o.sms) throw new SendError('SMS is not configured (SMS_URL)', false);
        providerId = await this.o.sms.send({
          phone: m.recipient,
          text: rendered.sms,
          requestId: m.idempotencyKey,
        });
      }
      const recorded = await this.o.outbox.markSent(
        m,
        {
          templateId: rendered.templateId,
          templateVersion: rendered.templateVersion,
          subject: m.channel === 'email' ? rendered.subject : null,
          providerId,
          ...(m.kind === 'task-reminder'
            ? {}
            : {
                historyTextVi:
                  m.channel === 'email'
                    ? `Đã gửi thư điện tử “${rendered.subject}” tới ${m.recipient}.`
                    : `Đã gửi tin nhắn SMS thông báo tới số ${m.recipient}.`,
              }),
        },
        this.now(),
      );
      if (!recorded) this.log.warn(meta, 'message sent but its claim had been taken over');
      else this.log.info({ ...meta, templateId: rendered.templateId }, 'notification sent');
      return recorded;
    } catch (err) {
      const transient = !(err instanceof SendError) || err.transient;
      const message = err instanceof Error ? err.message : String(err);
      if (transient && m.attempts < (this.o.maxAttempts ?? 6)) {
        const wait = this.backoff(m.attempts);
        await this.o.outbox.markRetry(m, message, new Date(this.now().getTime() + wait));
        this.log.warn({ ...meta, err: message, retryInMs: wait }, 'notification not sent; will retry');
      } else await this.fail(m, message);
      return false;
    }
  }

  private async fail(m: OutboxMessage, error: string): Promise<void> {
    const now = this.now();
    const failed = await this.o.outbox.markFailed(m, {
      error,
      now,
      ...(m.kind === 'task-reminder'
        ? {}
        : {
            historyTextVi: `Không gửi được ${CHANNEL_VI[m.channel]} thông báo tới ${m.recipient} sau ${m.attempts} lần thử; cán bộ sẽ kiểm tra.`,
          }),
      incidentClaimUntil: new Date(now.getTime() + this.leaseMs()),
    });
    this.log.error(
      { outboxId: m.id, kind: m.kind, channel: m.channel, dossierId: m.dossierId, err: error },
      'notification failed',
    );
    if (failed?.incidentState === 'raising') await this.raiseIncidentFor(failed);
  }

  /** Raises the failed message's engine incident under this sender's claim and records it. */
  private async raiseIncidentFor(m: OutboxMessage): Promise<void> {
    const meta = {
      outboxId: m.id,
      processInstanceId: m.processInstanceId ?? undefined,
      dossierId: m.dossierId,
    };
    try {
      const incidentId = await raiseIncident(this.o.facts.engine, {
        processInstanceId: m.processInstanceId!,
        incidentType: NOTIFICATION_INCIDENT_TYPE,
        configuration: String(m.id),
        message: notificationIncidentMessage(m),
      });
      if (!(await this.o.outbox.recordIncident(m, incidentId)))
        this.log.warn(meta, 'incident raised but its claim had been taken over');
      else if (incidentId) this.log.warn({ ...meta, incidentId }, 'notification incident raised');
      else this.log.info(meta, 'no incident: the process instance has ended');
    } catch (err) {
      const wait = this.backoff(1);
      await this.o.outbox.postponeIncident(m, new Date(this.now().getTime() + wait));
      this.log.warn(
        { ...meta, err: (err as Error).message, retryInMs: wait },
        'incident not raised; will retry',
      );
    }
  }

  start(): void {
    const pollMs = this.o.pollMs ?? 2000;
    const tick = () => {
      this.running = this.sendOnce()
        .catch((err: unknown) =>
          this.log.warn({ err: (err as Error).message }, 'notification pass failed; retrying'),
        )
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, pollMs);
        });
    };
    tick();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
