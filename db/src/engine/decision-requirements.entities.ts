/*
 * Decision requirements definitions (DRDs, issue 5): one per deployed DMN file that holds more
 * than one decision (Camunda persists none for a file with a single decision). Its decisions are
 * the decision definitions of the same deployment and resource. Immutable once deployed: no `rev`.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('eng_decision_req_def')
export class EngineDecisionRequirementsDefinition {
  /** `key:version:uuid`, as decision definition ids. */
  @PrimaryColumn({ type: 'varchar', length: 255 }) id!: string;
  /** The DMN `definitions` id. */
  @Column({ name: 'definitionKey', type: 'varchar', length: 255 }) key!: string;
  @Column({ type: 'integer' }) version!: number;
  @Column({ type: 'varchar', length: 255, nullable: true }) name!: string | null;
  /** The DMN `definitions` namespace (Camunda's `category`). */
  @Column({ type: 'varchar', length: 255, nullable: true }) category!: string | null;
  @Column({ type: 'varchar', length: 64 }) deploymentId!: string;
  @Column({ type: 'varchar', length: 255 }) resourceName!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) tenantId!: string | null;
}

export const DECISION_REQUIREMENTS_ENTITIES = [EngineDecisionRequirementsDefinition];
