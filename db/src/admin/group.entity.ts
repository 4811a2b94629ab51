import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A candidate group of the BPMN user tasks (`camunda:candidateGroups`): a desk (Bộ phận Một cửa)
 * or a department, with its Vietnamese name and, optionally, its unit. Users are members through
 * `portal_user_group` (whose `group_id` is this `id`); groups are retired, never deleted.
 */
@Entity({ name: 'portal_group' })
export class PortalGroupEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Column({ name: 'name_vi', type: 'varchar', length: 200 })
  nameVi!: string;

  /** `desk` (one-stop desk), `department` (specialist department), `leadership`. */
  @Column({ type: 'varchar', length: 20 })
  kind!: string;

  @Column({ name: 'unit_code', type: 'varchar', length: 50, nullable: true })
  unitCode!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
