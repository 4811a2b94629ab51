/*
 * Tenants of the identity service (issue 5, `/tenant`): a tenant and its user and group members.
 * Same rules as identity.entities.ts (`rev` on the mutable row).
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('eng_tenant')
export class EngineTenant {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'integer' }) rev!: number;
  @Column({ type: 'varchar', length: 255, nullable: true }) name!: string | null;
}

/** A user or a group in a tenant; `id` is `<tenantId>/user/<userId>` or `…/group/<groupId>`, so each exists once. */
@Entity('eng_tenant_member')
export class EngineTenantMembership {
  @PrimaryColumn({ type: 'varchar', length: 160 }) id!: string;
  @Column({ type: 'varchar', length: 64 }) tenantId!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) userId!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) groupId!: string | null;
}

export const TENANT_ENTITIES = [EngineTenant, EngineTenantMembership];
