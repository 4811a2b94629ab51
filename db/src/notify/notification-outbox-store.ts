import { Brackets, In, type DataSource } from 'typeorm';
import { isDuplicateKeyError } from '../workers/sequence-counter.js';
import { DossierHistoryEntity } from '../workers/dossier-life.entities.js';
import { recordDossierFact } from '../reports/dossier-fact-writer.js';
import { NotificationOutboxEntity } from './notification.entities.js';
import type { NotificationChannel } from './notifiable-kinds.js';
import { writeTransaction } from './write-transaction.js';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * The engine incident of a failed message: `raising` (a sender holds the claim to raise it),
 * `raised` (the incident's id is recorded), `none` (the process instance had ended).
 */
export type OutboxIncidentState = 'raising' | 'raised' | 'none';

/** A message of the outbox as the sender and the pages see it. */
export interface OutboxMessage {
  id: number;
  idempotencyKey: string;
  eventKey: string;
  dossierId: string | null;
  processInstanceId: string | null;
  kind: string;
  channel: NotificationChannel;
  recipientUserId: string;
  recipient: string;
  payload: Record<string, unknown>;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date;
  templateId: string | null;
  templateVersion: number | null;
  subject: string | null;
  providerId: string | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  failedAt: Date | null;
  /** The engine incident of a failed message about a process instance (null: none to raise). */
  incidentState: OutboxIncidentState | null;
  incidentId: string | null;
  /** The claim token: the version the row has while this claim holds it. */
  version: number;
}

/** A message to queue outside a status event (an officer's reminder of a near-due task). */
export interface DirectMessage {
  idempotencyKey: string;
  eventKey: string;
  kind: string;
  channel: NotificationChannel;
  recipientUserId: string;
  recipient: string;
  payload: Record<string, unknown>;
  dossierId?: string | null;
  processInstanceId?: string | null;
}

/** How a message is given up (`markFailed`). */
export interface FailedRecord {
  /** The server's last answer. */
  error: string;
  now: Date;
  /** The dossier history line (for messages about a dossier). */
  historyTextVi?: string;
  /**
   * For a message about a process instance: the sender that fails it raises the engine incident
   * and holds that claim until then; past it, any sender's `claimIncidentsDue` takes it over.
   */
  incidentClaimUntil?: Date;
}

/** A page of failed messages for the administrators. */
export interface FailedPage {
  rows: OutboxMessage[];
  total: number;
}

/** What was sent, recorded with the message and in the dossier's history. */
export interface SentRecord {
  templateId: string;
  templateVersion: number;
  subject: string | null;
  providerId: string | null;
  /** The dossier history line (for messages about a dossier). */
  historyTextVi?: string;
}

function toMessage(e: NotificationOutboxEntity): OutboxMessage {
  return {
    ...e,
    channel: e.channel as NotificationChannel,
    state: e.state as OutboxState,
    incidentState: e.incidentState as OutboxIncidentState | null,
    payload: JSON.parse(e.payload) as Record<string, unknown>,
    attempts: Number(e.attempts),
    version: Number(e.version),
    templateVersion: e.templateVersion === null ? null : Number(e.templateVersion),
    nextAttemptAt: new Date(e.nextAttemptAt),
    createdAt: new Date(e.createdAt),
    sentAt: e.sentAt ? new Date(e.sentAt) : null,
    failedAt: e.failedAt ? new Date(e.failedAt) : null,
  };
}

/**
 * The notifications' outbox. Rows are queued with the history event (queueNotifications) or
 * directly (reminders); a sender claims due rows with a compare-and-set on `version`, so any
 * number of sender processes share the work and no row is sent by two at once. A claim is a
 * lease: a sender that dies mid-send leaves the row `sending` until the lease ends, then it is
 * due again.
 */
export class NotificationOutboxStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(NotificationOutboxEntity);
  }

  /** Queues a message once per idempotency key; false when the key was queued before. */
  async queue(m: DirectMessage, now: Date = new Date()): Promise<boolean> {
    try {
      await this.repo.insert({
        idempotencyKey: m.idempotencyKey.slice(0, 255),
        eventKey: m.eventKey.slice(0, 200),
        dossierId: m.dossierId ?? null,
        processInstanceId: m.processInstanceId ?? null,
        kind: m.kind,
        channel: m.channel,
        recipientUserId: m.recipientUserId,
        recipient: m.recipient,
        payload: JSON.stringify(m.payload),
        state: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        version: 0,
      });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  /**
   * Claims up to `limit` due messages for `owner` until `now + leaseMs`: pending ones whose time
   * has come and `sending` ones whose lease ran out. Each claim bumps the version and counts an
   * attempt; a row another sender claimed first is skipped.
   */
  async claimDue(owner: string, now: Date, leaseMs: number, limit = 10): Promise<OutboxMessage[]> {
    const candidates = await this.repo
      .createQueryBuilder('o')
      .where(
        new Brackets((w) =>
          w
            .where('o.state = :pending AND o.nextAttemptAt <= :now', { pending: 'pending', now })
            .orWhere('o.state = :sending AND o.leaseUntil < :now', { sending: 'sending', now }),
        ),
      )
      .orderBy('o.id', 'ASC')
      .take(limit)
      .getMany();
    const claimed: OutboxMessage[] = [];
    const leaseUntil = new Date(now.getTime() + leaseMs);
    for (const c of candidates) {
      const version = Number(c.version);
      const res = await this.repo
        .createQueryBuilder()
        .update(NotificationOutboxEntity)
        .set({
          state: 'sending',
          claimedBy: owner.slice(0, 120),
          leaseUntil,
          attempts: () => 'attempts + 1',
          version: version + 1,
        })
        .where('id = :id AND version = :version AND state IN (:...states)', {
          id: c.id,
          version,
          states: ['pending', 'sending'],
        })
        .execute();
      if (res.affected === 1)
        claimed.push(
          toMessage({
            ...c,
            state: 'sending',
            claimedBy: owner,
            leaseUntil,
            attempts: Number(c.attempts) + 1,
            version: version + 1,
          }),
        );
    }
    return claimed;
  }

  /** Changes a claimed row if the claim still holds; false when another sender took it over. */
  private async updateClaimed(
    m: Pick<OutboxMessage, 'id' | 'version'>,
    set: Partial<NotificationOutboxEntity>,
    em = this.ds.manager,
  ): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(NotificationOutboxEntity)
      .set({ ...set, version: m.version + 1 })
      .where('id = :id AND version = :version', { id: m.id, version: m.version })
      .execute();
    return res.affected === 1;
  }

  /**
   * Marks the claimed message sent and, for a dossier's message, writes the history line in the
   * same transaction (so the applicant's timeline shows exactly the messages sent).
   */
  async markSent(m: OutboxMessage, sent: SentRecord, now: Date): Promise<boolean> {
    return writeTransaction(this.ds, async (em) => {
      const ok = await this.updateClaimed(
        m,
        {
          state: 'sent',
          sentAt: now,
          leaseUntil: null,
          templateId: sent.templateId,
          templateVersion: sent.templateVersion,
          subject: sent.subject?.slice(0, 300) ?? null,
          providerId: sent.providerId?.slice(0, 200) ?? null,
          lastError: null,
        },
        em,
      );
      if (ok && m.dossierId && sent.historyTextVi)
        await this.history(em, m, 'notification-sent', sent.historyTextVi, now, sent);
      return ok;
    });
  }

  /** Gives the claimed message back to the queue for another attempt at `nextAttemptAt`. */
  async markRetry(m: OutboxMessage, error: string, nextAttemptAt: Date): Promise<boolean> {
    return this.updateClaimed(m, {
      state: 'pending',
      leaseUntil: null,
      nextAttemptAt,
      lastError: error.slice(0, 500),
    });
  }

  /**
   * Gives up on the message: `failed` stays until a person looks (the administrators' page of
   * failed messages, the officers' dossier history; `retryFailed` queues it again). A message
   * about a process instance is left `incidentState: 'raising'` under the failing sender's claim
   * (the returned token): it raises the engine incident and records it with `recordIncident`.
   * Null when the claim had been taken over (nothing changed).
   */
  async markFailed(m: OutboxMessage, f: FailedRecord): Promise<OutboxMessage | null> {
    const incident = m.processInstanceId !== null;
    const leaseUntil = incident ? (f.incidentClaimUntil ?? f.now) : null;
    return writeTransaction(this.ds, async (em) => {
      const ok = await this.updateClaimed(
        m,
        {
          state: 'failed',
          leaseUntil,
          failedAt: f.now,
          lastError: f.error.slice(0, 500),
          incidentState: incident ? 'raising' : null,
          incidentId: null,
        },
        em,
      );
      if (!ok) return null;
      if (m.dossierId && f.historyTextVi)
        await this.history(em, m, 'notification-failed', f.historyTextVi, f.now, {
          error: f.error.slice(0, 200),
        });
      return {
        ...m,
        state: 'failed' as const,
        failedAt: f.now,
        lastError: f.error.slice(0, 500),
        incidentState: incident ? ('raising' as const) : null,
        incidentId: null,
        version: m.version + 1,
      };
    });
  }

  /**
   * Claims failed messages whose incident is still to raise and whose raiser's claim ran out (it
   * died, or the engine did not answer): each claim bumps the version, so one sender raises it.
   */
  async claimIncidentsDue(owner: string, now: Date, leaseMs: number, limit = 10): Promise<OutboxMessage[]> {
    const candidates = await this.repo
      .createQueryBuilder('o')
      .where('o.state = :failed AND o.incidentState = :raising AND o.leaseUntil < :now', {
        failed: 'failed',
        raising: 'raising',
        now,
      })
      .orderBy('o.id', 'ASC')
      .take(limit)
      .getMany();
    const claimed: OutboxMessage[] = [];
    const leaseUntil = new Date(now.getTime() + leaseMs);
    for (const c of candidates) {
      const version = Number(c.version);
      const res = await this.repo
        .createQueryBuilder()
        .update(NotificationOutboxEntity)
        .set({ claimedBy: owner.slice(0, 120), leaseUntil, version: version + 1 })
        .where('id = :id AND version = :version AND incident_state = :raising', {
          id: c.id,
          version,
          raising: 'raising',
        })
        .execute();
      if (res.affected === 1)
        claimed.push(toMessage({ ...c, claimedBy: owner, leaseUntil, version: version + 1 }));
    }
    return claimed;
  }

  /**
   * Records the engine incident raised for a failed message under the caller's claim (`null`: the
   * process instance had ended, there is none). False when the claim had been taken over.
   */
  async recordIncident(
    m: Pick<OutboxMessage, 'id' | 'version'>,
    incidentId: string | null,
  ): Promise<boolean> {
    return this.updateClaimed(m, {
      incidentState: incidentId ? 'raised' : 'none',
      incidentId,
      leaseUntil: null,
    });
  }

  /** Keeps the incident to raise for later (the engine did not answer): due again at `until`. */
  async postponeIncident(m: Pick<OutboxMessage, 'id' | 'version'>, until: Date): Promise<boolean> {
    return this.updateClaimed(m, { leaseUntil: until });
  }

  private async history(
    em: import('typeorm').EntityManager,
    m: OutboxMessage,
    kind: string,
    textVi: string,
    at: Date,
    detail: object,
  ): Promise<void> {
    const eventKey = `${kind}:${m.id}`;
    await em.insert(DossierHistoryEntity, {
      eventKey,
      dossierId: m.dossierId!,
      processInstanceId: m.processInstanceId,
      statusCode: null,
      kind,
      textVi: textVi.slice(0, 500),
      actor: 'system',
      detail: JSON.stringify({ outboxId: m.id, channel: m.channel, kind: m.kind, ...detail }),
      at,
    });
    // The reports' facts follow every history row (this one sets no status: it only counts).
    await recordDossierFact(em, { dossierId: m.dossierId!, eventKey, statusCode: null, kind, at });
  }

  /**
   * Queues a failed message again (attempts start over, the incident fields are cleared: the
   * caller resolves the engine incident first). Not while its incident is being raised (it would
   * be left behind); false then, or when the message is not failed (someone queued it already).
   */
  async retryFailed(id: number, now: Date): Promise<boolean> {
    const res = await this.repo
      .createQueryBuilder()
      .update(NotificationOutboxEntity)
      .set({
        state: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        failedAt: null,
        leaseUntil: null,
        incidentState: null,
        incidentId: null,
        version: () => 'version + 1',
      })
      .where('id = :id AND state = :failed', { id, failed: 'failed' })
      .andWhere(
        new Brackets((w) =>
          w.where('incident_state IS NULL').orWhere('incident_state <> :raising', { raising: 'raising' }),
        ),
      )
      .execute();
    return res.affected === 1;
  }

  async find(id: number): Promise<OutboxMessage | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toMessage(e) : null;
  }

  /** The dossier's messages, oldest first. */
  async listForDossier(dossierId: string): Promise<OutboxMessage[]> {
    return (await this.repo.find({ where: { dossierId }, order: { id: 'ASC' }, take: 500 })).map(toMessage);
  }

  /** Messages in the given states, newest first (the failed ones for a person to look at). */
  async listByState(states: OutboxState[], limit = 100): Promise<OutboxMessage[]> {
    return (await this.repo.find({ where: { state: In(states) }, order: { id: 'DESC' }, take: limit })).map(
      toMessage,
    );
  }

  /** The failed messages, the latest failure first, a page of `pageSize` (pages from 1). */
  async listFailed(page: number, pageSize: number): Promise<FailedPage> {
    const [rows, total] = await this.repo.findAndCount({
      where: { state: 'failed' },
      order: { failedAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { rows: rows.map(toMessage), total };
  }
}
