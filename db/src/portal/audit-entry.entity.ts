import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only audit trail: one row per decision (login, submit, claim, complete, denial). */
@Entity({ name: 'audit_entry' })
export class AuditEntryEntity {
  // integer, not bigint: SQLite only auto-increments an INTEGER PRIMARY KEY.
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** User id, or the attempted username prefixed with `?` when nobody is signed in. */
  @Column({ type: 'varchar', length: 120 })
  actor!: string;

  @Index('idx_audit_action')
  @Column({ type: 'varchar', length: 60 })
  action!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  target!: string | null;

  /** Short JSON with the facts of the decision; never a password or form data. */
  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Index('idx_audit_at')
  @Column({ type: 'datetime', precision: 3 })
  at!: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;
}
