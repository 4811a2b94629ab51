import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The portal roles (`designer`: the process designer of the studio at /thiet-ke). Groups (candidate
 * groups of BPMN user tasks) are a separate list.
 */
export type PortalRole = 'applicant' | 'officer' | 'leader' | 'admin' | 'designer';
export const PORTAL_ROLES: readonly PortalRole[] = ['applicant', 'officer', 'leader', 'admin', 'designer'];

/** A portal account. The password is kept only as an argon2id PHC string. */
@Entity({ name: 'portal_user' })
export class PortalUserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Login name, unique, lower case. */
  @Column({ type: 'varchar', length: 100, unique: true })
  username!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: PortalRole;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The unit the account works in (`unit.code`; null for applicants). A leader sees this unit. */
  @Column({ name: 'unit_code', type: 'varchar', length: 50, nullable: true })
  unitCode!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/** Membership of a user in a candidate group (`mot-cua`, `chuyen-vien`, `lanh-dao`, …). */
@Entity({ name: 'portal_user_group' })
export class PortalUserGroupEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @PrimaryColumn({ name: 'group_id', type: 'varchar', length: 100 })
  groupId!: string;
}
