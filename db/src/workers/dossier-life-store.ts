import { In, type DataSource, type EntityManager } from 'typeorm';
import { enqueueDvcqgSync } from '../dvcqg/dvcqg-outbox-store.js';
import {
  DossierDocumentEntity,
  DossierHistoryEntity,
  StaffNotificationEntity,
  StaffNotificationSeenEntity,
} from './dossier-life.entities.js';
import { isDuplicateKeyError } from './sequence-counter.js';
import { queueNotifications } from '../notify/notification-outbox.js';
import { recordDossierFact } from '../reports/dossier-fact-writer.js';
import { writeTransaction } from '../notify/write-transaction.js';

/** One event of a dossier's life, as written to its append-only history. */
export interface DossierHistoryRecord {
  /** Unique per event: the same key written twice (redelivery, re-read) is stored once. */
  eventKey: string;
  dossierId: string;
  processInstanceId?: string | null;
  /** National status 1–10 the event puts the dossier in, when it sets one. */
  statusCode?: number | null;
  kind: string;
  textVi: string;
  /** A portal user id, or `system`. */
  actor: string;
  detail?: Record<string, unknown> | null;
  at: Date;
}

export interface DossierHistoryEntry extends Required<Omit<DossierHistoryRecord, 'detail'>> {
  id: number;
  detail: Record<string, unknown> | null;
}

export interface StaffNotificationRecord {
  eventKey: string;
  recipientGroup: string;
  dossierId: string;
  processInstanceId?: string | null;
  dossierCode?: string | null;
  kind: string;
  textVi: string;
  /** `YYYY-MM-DD`. */
  dueDate?: string | null;
  createdAt: Date;
}

export interface StaffNotification extends Required<StaffNotificationRecord> {
  id: number;
}

export interface DossierDocumentRecord {
  eventKey: string;
  dossierId: string;
  processInstanceId?: string | null;
  kind: string;
  formNo?: string | null;
  titleVi: string;
  body: string;
  /** `YYYY-MM-DD`. */
  newAppointmentDate?: string | null;
  createdAt: Date;
}

export interface DossierDocument extends Required<DossierDocumentRecord> {
  id: number;
}

/** Prefix of the event keys of history rows read from the engine's activity history. */
export const ENGINE_ACTIVITY_EVENT_PREFIX = 'activity:';

/**
 * The dossier life's records: history, staff notifications, issued documents. Every write is an
 * insert keyed by its event key; a duplicate key means "already recorded" and is not an error,
 * which is what makes the workers idempotent under redelivery. Nothing is ever updated or deleted.
 */
export class DossierLifeStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * SQLite: this process's transactions one after another (they share the one connection), in
   * the queue the outbox stores' own transactions (sent, failed) wait in too.
   */
  private transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return writeTransaction(this.ds, fn);
  }

  /** True when the event was new, false when its key was recorded before. */
  private async insertOnce<T extends object>(
    entity: new () => T,
    row: Partial<T>,
    em: EntityManager = this.ds.manager,
  ): Promise<boolean> {
    try {
      await em.getRepository(entity).insert(row as never);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  /**
   * Records the event once; the outboxes fed by status events and the reports' dossier facts are
   * written in the same transaction, so an event is never recorded without them nor they without it.
   */
  async appendHistory(r: DossierHistoryRecord): Promise<boolean> {
    return this.transaction(async (em) => {
      const row = this.historyRow(r);
      const inserted = await this.insertOnce(DossierHistoryEntity, row, em);
      if (inserted) await recordDossierFact(em, { ...r, eventKey: row.eventKey! });
      if (inserted) await enqueueDvcqgSync(em, r);
      if (inserted) await queueNotifications(em, r);
      return inserted;
    });
  }

  private historyRow(r: DossierHistoryRecord): Partial<DossierHistoryEntity> {
    return {
      eventKey: r.eventKey.slice(0, 200),
      dossierId: r.dossierId,
      processInstanceId: r.processInstanceId ?? null,
      statusCode: r.statusCode ?? null,
      kind: r.kind,
      textVi: r.textVi.slice(0, 500),
      actor: r.actor.slice(0, 120),
      detail: r.detail ? JSON.stringify(r.detail) : null,
      at: r.at,
    };
  }

  /** The dossier's history, oldest first. */
  async listHistory(dossierId: string): Promise<DossierHistoryEntry[]> {
    const rows = await this.ds
      .getRepository(DossierHistoryEntity)
      .find({ where: { dossierId }, order: { at: 'ASC', id: 'ASC' }, take: 500 });
    return rows.map((e) => ({
      id: e.id,
      eventKey: e.eventKey,
      dossierId: e.dossierId,
      processInstanceId: e.processInstanceId,
      statusCode: e.statusCode === null ? null : Number(e.statusCode),
      kind: e.kind,
      textVi: e.textVi,
      actor: e.actor,
      detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
      at: new Date(e.at),
    }));
  }

  /** Which of the event keys are already recorded in the history. */
  async knownHistoryEvents(eventKeys: string[]): Promise<Set<string>> {
    if (!eventKeys.length) return new Set();
    const rows = await this.ds
      .getRepository(DossierHistoryEntity)
      .find({ select: { eventKey: true }, where: { eventKey: In(eventKeys) } });
    return new Set(rows.map((r) => r.eventKey));
  }

  async addNotification(r: StaffNotificationRecord): Promise<boolean> {
    return this.insertOnce(StaffNotificationEntity, {
      ...r,
      eventKey: r.eventKey.slice(0, 200),
      processInstanceId: r.processInstanceId ?? null,
      dossierCode: r.dossierCode ?? null,
      textVi: r.textVi.slice(0, 500),
      dueDate: r.dueDate ?? null,
    });
  }

  /** Notifications to any of the groups, newest first. */
  async listNotifications(groups: string[], limit = 50): Promise<StaffNotification[]> {
    if (!groups.length) return [];
    const rows = await this.ds
      .getRepository(StaffNotificationEntity)
      .find({ where: { recipientGroup: In(groups) }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
    return rows.map((e) => ({ ...e, createdAt: new Date(e.createdAt) }));
  }

  async findNotification(id: number): Promise<StaffNotification | null> {
    const e = await this.ds.getRepository(StaffNotificationEntity).findOneBy({ id });
    return e ? { ...e, createdAt: new Date(e.createdAt) } : null;
  }

  /** Records that the user saw the notification; true the first time, false when already seen. */
  async markNotificationSeen(notificationId: number, userId: string, at: Date): Promise<boolean> {
    return this.insertOnce(StaffNotificationSeenEntity, { notificationId, userId, seenAt: at });
  }

  /** When the user first saw each of the notifications (those not seen are absent). */
  async notificationsSeen(userId: string, ids: number[]): Promise<Map<number, Date>> {
    if (!ids.length) return new Map();
    const rows = await this.ds
      .getRepository(StaffNotificationSeenEntity)
      .find({ where: { userId, notificationId: In(ids) } });
    return new Map(rows.map((r) => [Number(r.notificationId), new Date(r.seenAt)]));
  }

  /** Stores the document once per event key and returns the stored one (the first, on a repeat). */
  async addDocument(r: DossierDocumentRecord): Promise<{ document: DossierDocument; existing: boolean }> {
    const created = await this.insertOnce(DossierDocumentEntity, {
      ...r,
      eventKey: r.eventKey.slice(0, 200),
      processInstanceId: r.processInstanceId ?? null,
      formNo: r.formNo ?? null,
      newAppointmentDate: r.newAppointmentDate ?? null,
    });
    const e = await this.ds.getRepository(DossierDocumentEntity).findOneByOrFail({ eventKey: r.eventKey });
    return { document: { ...e, createdAt: new Date(e.createdAt) }, existing: !created };
  }

  /** Documents issued for the dossier, oldest first. */
  async listDocuments(dossierId: string): Promise<DossierDocument[]> {
    const rows = await this.ds
      .getRepository(DossierDocumentEntity)
      .find({ where: { dossierId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((e) => ({ ...e, createdAt: new Date(e.createdAt) }));
  }
}
