import type { EntityManager } from 'typeorm';
import { DossierEntity } from '../portal/dossier.entity.js';
import { channelsOf, isNotifiableKind } from './notifiable-kinds.js';
import { NotificationOutboxEntity, NotificationPreferenceEntity } from './notification.entities.js';

/** What a queued applicant message carries for its template (the history event as recorded). */
export interface NotificationPayload {
  dossierCode: string | null;
  procedureKey: string | null;
  statusCode: number | null;
  textVi: string;
  detail: Record<string, unknown> | null;
  at: string;
}

/** The part of a dossier history event the notifications read (DossierHistoryRecord). */
export interface NotifiableEvent {
  eventKey: string;
  dossierId: string;
  processInstanceId?: string | null;
  statusCode?: number | null;
  kind: string;
  textVi: string;
  detail?: Record<string, unknown> | null;
  at: Date;
}

/** The idempotency key of one event's message on one channel. */
export function outboxKey(eventKey: string, channel: string): string {
  return `${eventKey.slice(0, 200)}|${channel}`;
}

/**
 * The status hook's notification part, called by DossierLifeStore.appendHistory inside the
 * transaction that records the event: queues one message per channel the dossier's applicant
 * chose, addressed as their profile says at this moment. Other kinds, dossiers without an
 * applicant's choice and choices without an address queue nothing.
 */
export async function queueNotifications(em: EntityManager, r: NotifiableEvent): Promise<number> {
  if (!isNotifiableKind(r.kind)) return 0;
  const dossier = await em.findOneBy(DossierEntity, { id: r.dossierId });
  if (!dossier) return 0;
  const pref = await em.findOneBy(NotificationPreferenceEntity, { userId: dossier.applicantId });
  if (!pref) return 0;
  const payload: NotificationPayload = {
    dossierCode: dossier.dossierCode,
    procedureKey: dossier.procedureKey,
    statusCode: r.statusCode ?? null,
    textVi: r.textVi,
    detail: r.detail ?? null,
    at: r.at.toISOString(),
  };
  let queued = 0;
  for (const channel of channelsOf(pref.channels)) {
    const recipient = channel === 'email' ? pref.email : pref.phone;
    if (!recipient) continue;
    await em.insert(NotificationOutboxEntity, {
      idempotencyKey: outboxKey(r.eventKey, channel),
      eventKey: r.eventKey.slice(0, 200),
      dossierId: r.dossierId,
      processInstanceId: r.processInstanceId ?? null,
      kind: r.kind,
      channel,
      recipientUserId: dossier.applicantId,
      recipient,
      payload: JSON.stringify(payload),
      state: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(),
      createdAt: new Date(),
      version: 0,
    });
    queued++;
  }
  return queued;
}
