import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { isDuplicateKeyError } from '../workers/sequence-counter.js';
import { DvcqgOutboxEntity, type DvcqgOutboxState } from './dvcqg-outbox.entity.js';

/** What of a history event the national-portal sync needs (a subset of DossierHistoryRecord). */
export interface DvcqgSyncEvent {
  eventKey: string;
  dossierId: string;
  processInstanceId?: string | null;
  statusCode?: number | null;
  kind: string;
  textVi: string;
  actor: string;
  at: Date;
}

export interface DvcqgOutboxRow {
  id: number;
  eventKey: string;
  dossierId: string;
  processInstanceId: string | null;
  statusCode: number | null;
  kind: string;
  textVi: string;
  actor: string;
  eventAt: Date;
  state: DvcqgOutboxState;
  attempts: number;
  nextAttemptAt: Date;
  lastAnswer: string | null;
  sentAt: Date | null;
  /** The engine incident raised when the row was given up on (see DVCQG_NO_INCIDENT). */
  incidentId: string | null;
}

/** Recorded instead of an incident id when none could be raised (the process instance had ended). */
export const DVCQG_NO_INCIDENT = 'none';

function toRow(e: DvcqgOutboxEntity): DvcqgOutboxRow {
  return {
    id: Number(e.id),
    eventKey: e.eventKey,
    dossierId: e.dossierId,
    processInstanceId: e.processInstanceId,
    statusCode: e.statusCode === null ? null : Number(e.statusCode),
    kind: e.kind,
    textVi: e.textVi,
    actor: e.actor,
    eventAt: new Date(e.eventAt),
    state: e.state,
    attempts: Number(e.attempts),
    nextAttemptAt: new Date(e.nextAttemptAt),
    lastAnswer: e.lastAnswer,
    sentAt: e.sentAt ? new Date(e.sentAt) : null,
    incidentId: e.incidentId ?? null,
  };
}

/**
 * Queues a history event for the national portal, inside the caller's transaction (the one that
 * writes the history row), so the event and its sync are committed together or not at all.
 * A repeat of the same event key is ignored.
 */
export async function enqueueDvcqgSync(em: EntityManager, event: DvcqgSyncEvent): Promise<void> {
  try {
    await em.getRepository(DvcqgOutboxEntity).insert({
      eventKey: event.eventKey.slice(0, 200),
      dossierId: event.dossierId,
      processInstanceId: event.processInstanceId ?? null,
      statusCode: event.statusCode ?? null,
      kind: event.kind.slice(0, 40),
      textVi: event.textVi.slice(0, 500),
      actor: event.actor.slice(0, 120),
      eventAt: event.at,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: event.at,
      lockedBy: null,
      lockedUntil: null,
      lastAnswer: null,
      sentAt: null,
      incidentId: null,
      createdAt: new Date(),
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}

/**
 * The sync worker's and the officer page's view of the outbox. Order per dossier is the row id
 * (the order the history events were written). A row can be claimed only when every earlier row
 * of its dossier is sent, it is due, and no live lock holds it; the claim is one conditional
 * UPDATE, so of several workers exactly one wins. Only the lock's owner can record the answer:
 * a worker whose lock expired (it was slow, or killed) records nothing, and the row is sent again
 * by whoever claimed it next — the portal sees the event twice, identified by its key.
 */
export class DvcqgOutboxStore {
  constructor(private readonly ds: DataSource) {}

  private repo() {
    return this.ds.getRepository(DvcqgOutboxEntity);
  }

  /** Claims up to `limit` rows, each the head of its dossier's queue. */
  async claim(owner: string, lockMs: number, now: Date, limit = 10): Promise<DvcqgOutboxRow[]> {
    const candidates = await this.repo()
      .createQueryBuilder('o')
      .where('o.state = :pending', { pending: 'pending' })
      .andWhere('o.nextAttemptAt <= :now', { now })
      .andWhere(
        new Brackets((b) => b.where('o.lockedUntil IS NULL').orWhere('o.lockedUntil < :now', { now })),
      )
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM dvcqg_outbox p WHERE p.dossier_id = o.dossier_id AND p.id < o.id AND p.state <> :sent)`,
        { sent: 'sent' },
      )
      .orderBy('o.id', 'ASC')
      .limit(limit)
      .getMany();
    const claimed: DvcqgOutboxRow[] = [];
    for (const c of candidates) {
      const res = await this.repo()
        .createQueryBuilder()
        .update(DvcqgOutboxEntity)
        .set({
          lockedBy: owner,
          lockedUntil: new Date(now.getTime() + lockMs),
          attempts: () => 'attempts + 1',
        })
        .where('id = :id', { id: c.id })
        .andWhere('state = :pending', { pending: 'pending' })
        .andWhere(
          new Brackets((b) => b.where('locked_until IS NULL').orWhere('locked_until < :now', { now })),
        )
        .execute();
      if (res.affected === 1) claimed.push({ ...toRow(c), attempts: Number(c.attempts) + 1 });
    }
    return claimed;
  }

  private async finish(id: number, owner: string, set: Partial<DvcqgOutboxEntity>): Promise<boolean> {
    const res = await this.repo()
      .createQueryBuilder()
      .update(DvcqgOutboxEntity)
      .set({ ...set, lockedBy: null, lockedUntil: null })
      .where('id = :id', { id })
      .andWhere('locked_by = :owner', { owner })
      .andWhere('state = :pending', { pending: 'pending' })
      .execute();
    return res.affected === 1;
  }

  /** The portal acknowledged the row. False when the lock was lost meanwhile (nothing recorded). */
  markSent(id: number, owner: string, answer: string, at: Date): Promise<boolean> {
    return this.finish(id, owner, { state: 'sent', sentAt: at, lastAnswer: answer.slice(0, 1000) });
  }

  /** Not acknowledged: try again at `retryAt`. */
  markRetry(id: number, owner: string, answer: string, retryAt: Date): Promise<boolean> {
    return this.finish(id, owner, { nextAttemptAt: retryAt, lastAnswer: answer.slice(0, 1000) });
  }

  /** Given up on: the dossier's sync stops here until an officer resends it. */
  markFailed(id: number, owner: string, answer: string): Promise<boolean> {
    return this.finish(id, owner, { state: 'failed', lastAnswer: answer.slice(0, 1000) });
  }

  /** True when a status row of the dossier was acknowledged (the portal knows the dossier). */
  async dossierKnown(dossierId: string): Promise<boolean> {
    const n = await this.repo()
      .createQueryBuilder('o')
      .where('o.dossierId = :dossierId', { dossierId })
      .andWhere('o.state = :sent', { sent: 'sent' })
      .andWhere('o.statusCode IS NOT NULL')
      .getCount();
    return n > 0;
  }

  /** The last status acknowledged or queued before the row (the status a progress entry is in). */
  async statusBefore(dossierId: string, id: number): Promise<number | null> {
    const row = await this.repo()
      .createQueryBuilder('o')
      .where('o.dossierId = :dossierId', { dossierId })
      .andWhere('o.id < :id', { id })
      .andWhere('o.statusCode IS NOT NULL')
      .orderBy('o.id', 'DESC')
      .getOne();
    return row?.statusCode === null || row === null ? null : Number(row.statusCode);
  }

  /** The dossier's sync rows, oldest first. */
  async listForDossier(dossierId: string): Promise<DvcqgOutboxRow[]> {
    const rows = await this.repo().find({ where: { dossierId }, order: { id: 'ASC' }, take: 500 });
    return rows.map(toRow);
  }

  /** Rows given up on, newest first (an administrator's incident list). */
  async listFailed(limit = 100): Promise<DvcqgOutboxRow[]> {
    const rows = await this.repo().find({ where: { state: 'failed' }, order: { id: 'DESC' }, take: limit });
    return rows.map(toRow);
  }

  /**
   * Claims up to `limit` rows given up on whose incident is not raised yet (the lock columns,
   * unused by a failed row, hold the claim), so of several workers one raises each incident.
   */
  async claimIncidentsToRaise(
    owner: string,
    lockMs: number,
    now: Date,
    limit = 10,
  ): Promise<DvcqgOutboxRow[]> {
    const candidates = await this.repo()
      .createQueryBuilder('o')
      .where('o.state = :failed', { failed: 'failed' })
      .andWhere('o.incidentId IS NULL')
      .andWhere(
        new Brackets((b) => b.where('o.lockedUntil IS NULL').orWhere('o.lockedUntil < :now', { now })),
      )
      .orderBy('o.id', 'ASC')
      .limit(limit)
      .getMany();
    const claimed: DvcqgOutboxRow[] = [];
    for (const c of candidates) {
      const res = await this.repo()
        .createQueryBuilder()
        .update(DvcqgOutboxEntity)
        .set({ lockedBy: owner, lockedUntil: new Date(now.getTime() + lockMs) })
        .where('id = :id', { id: c.id })
        .andWhere('state = :failed', { failed: 'failed' })
        .andWhere('incident_id IS NULL')
        .andWhere(
          new Brackets((b) => b.where('locked_until IS NULL').orWhere('locked_until < :now', { now })),
        )
        .execute();
      if (res.affected === 1) claimed.push(toRow(c));
    }
    return claimed;
  }

  /**
   * Records the incident raised for a failed row the worker claimed. False when the row is no
   * longer failed (resent meanwhile) or the claim was lost: the caller resolves what it raised.
   */
  async recordIncident(id: number, owner: string, incidentId: string): Promise<boolean> {
    const res = await this.repo()
      .createQueryBuilder()
      .update(DvcqgOutboxEntity)
      .set({ incidentId: incidentId.slice(0, 64), lockedBy: null, lockedUntil: null })
      .where('id = :id', { id })
      .andWhere('locked_by = :owner', { owner })
      .andWhere('state = :failed', { failed: 'failed' })
      .andWhere('incident_id IS NULL')
      .execute();
    return res.affected === 1;
  }

  /** Rows resent (no longer failed) whose incident is still recorded: to be resolved. */
  async incidentsToResolve(limit = 50): Promise<DvcqgOutboxRow[]> {
    const rows = await this.repo()
      .createQueryBuilder('o')
      .where('o.state <> :failed', { failed: 'failed' })
      .andWhere('o.incidentId IS NOT NULL')
      .orderBy('o.id', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(toRow);
  }

  /** Forgets a resolved incident (only the one given: a newer one is kept). */
  async clearIncident(id: number, incidentId: string): Promise<void> {
    await this.repo()
      .createQueryBuilder()
      .update(DvcqgOutboxEntity)
      .set({ incidentId: null })
      .where('id = :id', { id })
      .andWhere('incident_id = :incidentId', { incidentId })
      .andWhere('state <> :failed', { failed: 'failed' })
      .execute();
  }

  /**
   * Puts the dossier's failed rows back in the queue, due now; how many. Their incident id stays
   * until the sync worker resolved the incident at the engine (the portal has no engine writes).
   */
  async resend(dossierId: string, now: Date): Promise<number> {
    const res = await this.repo()
      .createQueryBuilder()
      .update(DvcqgOutboxEntity)
      .set({ state: 'pending', attempts: 0, nextAttemptAt: now, lockedBy: null, lockedUntil: null })
      .where('dossier_id = :dossierId', { dossierId })
      .andWhere('state = :failed', { failed: 'failed' })
      .execute();
    return res.affected ?? 0;
  }
}
