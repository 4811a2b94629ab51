import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A unit of the ministry (Cục, Vụ, Ủy ban) or a provincial department, in a tree by `parentCode`.
 * Users belong to one unit (`portal_user.unit_code`); a leader's views cover their unit and the
 * units below it. Units are retired (`active` false), never deleted: history refers to them.
 */
@Entity({ name: 'unit' })
export class UnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  code!: string;

  @Column({ name: 'name_vi', type: 'varchar', length: 300 })
  nameVi!: string;

  @Column({ name: 'parent_code', type: 'varchar', length: 50, nullable: true })
  parentCode!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
