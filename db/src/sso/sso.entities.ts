import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The citizen ID (số định danh cá nhân) of a portal account: the key that links an account to the
 * identity providers' `so_dinh_danh` claim. One per account, unique across accounts. A table of its
 * own, so the user table stays as it is.
 */
@Entity({ name: 'portal_user_citizen_id' })
export class PortalUserCitizenIdEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Index('uq_portal_user_citizen_id', { unique: true })
  @Column({ name: 'citizen_id', type: 'varchar', length: 32 })
  citizenId!: string;

  @Column({ name: 'linked_at', type: 'datetime', precision: 3 })
  linkedAt!: Date;
}

/**
 * A sign-in started at an identity provider and not yet come back: what the callback must check
 * (state, nonce, PKCE verifier). Keyed by the SHA-256 of the state; deleted when used, so a
 * replayed callback finds nothing.
 */
@Entity({ name: 'oidc_login_attempt' })
export class OidcLoginAttemptEntity {
  @PrimaryColumn({ name: 'state_hash', type: 'varchar', length: 64 })
  stateHash!: string;

  @Column({ type: 'varchar', length: 20 })
  provider!: string;

  @Column({ type: 'varchar', length: 128 })
  nonce!: string;

  @Column({ name: 'code_verifier', type: 'varchar', length: 128 })
  codeVerifier!: string;

  @Column({ name: 'next_path', type: 'varchar', length: 500 })
  nextPath!: string;

  @Index('idx_oidc_login_attempt_created')
  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/**
 * A portal session that came from an identity provider: which one, and the ID token to send back
 * as `id_token_hint` when the user signs out (RP-initiated logout).
 */
@Entity({ name: 'portal_session_oidc' })
export class PortalSessionOidcEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: 'varchar', length: 20 })
  provider!: string;

  @Column({ name: 'id_token', type: 'text' })
  idToken!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
