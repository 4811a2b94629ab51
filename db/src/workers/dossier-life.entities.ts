import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The dossier's append-only history: one row per status change or decision of its life (who, what,
 * when, the national status code when the event sets one). `event_key` is unique so a redelivered
 * task or a re-read of the engine's history writes the same event only once.
 */
@Entity({ name: 'dossier_history' })
export class DossierHistoryEntity {
  // integer, not bigint: SQLite only auto-increments an INTEGER PRIMARY KEY.
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('uq_dossier_history_event', { unique: true })
  @Column({ name: 'event_key', type: 'varchar', length: 200 })
  eventKey!: string;

  /** The portal's dossier id = the process instance's business key. */
  @Index('idx_dossier_history_dossier')
  @Column({ name: 'dossier_id', type: 'varchar', length: 64 })
  dossierId!: string;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  /** National status 1–10 this event puts the dossier in; null for an event without one. */
  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ name: 'text_vi', type: 'varchar', length: 500 })
  textVi!: string;

  /** A portal user id, or `system` for what the engine and the workers did. */
  @Column({ type: 'varchar', length: 120 })
  actor!: string;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;
}

/** A notification to the officers of a candidate group (e.g. the unit leader's deadline reminder). */
@Entity({ name: 'staff_notification' })
export class StaffNotificationEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('uq_staff_notification_event', { unique: true })
  @Column({ name: 'event_key', type: 'varchar', length: 200 })
  eventKey!: string;

  @Index('idx_staff_notification_group')
  @Column({ name: 'recipient_group', type: 'varchar', length: 64 })
  recipientGroup!: string;

  @Column({ name: 'dossier_id', type: 'varchar', length: 64 })
  dossierId!: string;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  @Column({ name: 'dossier_code', type: 'varchar', length: 64, nullable: true })
  dossierCode!: string | null;

  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ name: 'text_vi', type: 'varchar', length: 500 })
  textVi!: string;

  /** `YYYY-MM-DD`: the appointment date the notification is about. */
  @Column({ name: 'due_date', type: 'varchar', length: 10, nullable: true })
  dueDate!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/** A document issued to the applicant of a dossier (e.g. the apology letter, form 04). */
@Entity({ name: 'dossier_document' })
export class DossierDocumentEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('uq_dossier_document_event', { unique: true })
  @Column({ name: 'event_key', type: 'varchar', length: 200 })
  eventKey!: string;

  @Index('idx_dossier_document_dossier')
  @Column({ name: 'dossier_id', type: 'varchar', length: 64 })
  dossierId!: string;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  /** The legal form number (`04` apology letter). */
  @Column({ name: 'form_no', type: 'varchar', length: 10, nullable: true })
  formNo!: string | null;

  @Column({ name: 'title_vi', type: 'varchar', length: 300 })
  titleVi!: string;

  @Column({ type: 'text' })
  body!: string;

  /** `YYYY-MM-DD`: the new appointment date an apology letter gives. */
  @Column({ name: 'new_appointment_date', type: 'varchar', length: 10, nullable: true })
  newAppointmentDate!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/** A user saw a staff notification (the leader opened a reminder and marked it seen). */
@Entity({ name: 'staff_notification_seen' })
@Index('uq_staff_notification_seen', ['notificationId', 'userId'], { unique: true })
export class StaffNotificationSeenEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'notification_id', type: 'integer' })
  notificationId!: number;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId!: string;

  @Column({ name: 'seen_at', type: 'datetime', precision: 3 })
  seenAt!: Date;
}
