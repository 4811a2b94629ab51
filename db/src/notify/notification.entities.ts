import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One message to send (an e-mail or an SMS), written in the same transaction as the dossier
 * history event it announces. `idempotency_key` (event + channel, or reminder + task + day +
 * recipient) is unique, so an event recorded twice or a reminder computed twice queues nothing
 * new. Senders claim a row by bumping `version` (compare-and-set), so two sender processes never
 * send the same row at once.
 */
@Entity({ name: 'notification_outbox' })
@Index('idx_notification_outbox_due', ['state', 'nextAttemptAt'])
export class NotificationOutboxEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('uq_notification_outbox_key', { unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 255 })
  idempotencyKey!: string;

  @Column({ name: 'event_key', type: 'varchar', length: 200 })
  eventKey!: string;

  @Index('idx_notification_outbox_dossier')
  @Column({ name: 'dossier_id', type: 'varchar', length: 64, nullable: true })
  dossierId!: string | null;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  /** `email` or `sms`. */
  @Column({ type: 'varchar', length: 10 })
  channel!: string;

  @Column({ name: 'recipient_user_id', type: 'varchar', length: 64 })
  recipientUserId!: string;

  /** The e-mail address or phone number at the time of the event. */
  @Column({ type: 'varchar', length: 200 })
  recipient!: string;

  /** JSON: what the template needs (the event's text, detail, status, time). */
  @Column({ type: 'text' })
  payload!: string;

  /** `pending`, `sending` (claimed), `sent`, `failed` (gave up: needs a person). */
  @Column({ type: 'varchar', length: 12 })
  state!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 })
  nextAttemptAt!: Date;

  /** While `sending`: the claim expires then (a crashed sender's row is claimed again). */
  @Column({ name: 'lease_until', type: 'datetime', precision: 3, nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'claimed_by', type: 'varchar', length: 120, nullable: true })
  claimedBy!: string | null;

  @Column({ name: 'template_id', type: 'varchar', length: 60, nullable: true })
  templateId!: string | null;

  @Column({ name: 'template_version', type: 'integer', nullable: true })
  templateVersion!: number | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  subject!: string | null;

  /** The SMTP Message-ID or the SMS gateway's message id. */
  @Column({ name: 'provider_id', type: 'varchar', length: 200, nullable: true })
  providerId!: string | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'failed_at', type: 'datetime', precision: 3, nullable: true })
  failedAt!: Date | null;

  /**
   * The engine incident of a `failed` message about a process instance: `raising` (a sender is
   * raising it; `lease_until` bounds its claim), `raised` (`incident_id` holds it), `none` (the
   * instance had ended: nothing to raise on). Null: no incident (not failed, or no instance).
   */
  @Column({ name: 'incident_state', type: 'varchar', length: 12, nullable: true })
  incidentState!: string | null;

  /** The engine incident's id (`notificationFailed`, configuration = this row's id). */
  @Column({ name: 'incident_id', type: 'varchar', length: 64, nullable: true })
  incidentId!: string | null;

  /** Bumped by every claim and state change: the compare-and-set token of the claim. */
  @Column({ type: 'integer', default: 0 })
  version!: number;
}

/** How a portal user wants to be told of their dossiers' changes (and where). */
@Entity({ name: 'notification_preference' })
export class NotificationPreferenceEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  /** `none`, `email`, `sms` or `both`. */
  @Column({ type: 'varchar', length: 10 })
  channels!: string;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
