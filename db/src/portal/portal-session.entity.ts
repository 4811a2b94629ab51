import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A server-side session. The cookie carries a random token; only its SHA-256 is stored, so a
 * leaked table does not give away live sessions.
 */
@Entity({ name: 'portal_session' })
export class PortalSessionEntity {
  /** hex SHA-256 of the cookie token. */
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Index('idx_portal_session_user')
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  /** Synchroniser token for CSRF protection, sent back in forms and the X-CSRF-Token header. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'datetime', precision: 3 })
  lastSeenAt!: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;
}
