/*
 * Decision history (issue 5): one row per evaluated decision (a business rule task or
 * `POST /decision-definition/…/evaluate`; a required decision gets its own row pointing at the
 * root), with the input values it saw and the outputs of each matched rule. Written once, never
 * updated: no `rev`. Values are stored as the engine's typed values (`type` + `textValue`).
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

const id = () => PrimaryColumn({ type: 'varchar', length: 64 });
const ref = () => Column({ type: 'varchar', length: 64 });
const refN = () => Column({ type: 'varchar', length: 64, nullable: true });
const strN = () => Column({ type: 'varchar', length: 255, nullable: true });
const textN = () => Column({ type: 'text', nullable: true });
const time = () => Column({ type: 'datetime', precision: 3 });

@Entity('eng_hi_decision_inst')
export class EngineHistoricDecisionInstance {
  @id() id!: string;
  @Column({ type: 'varchar', length: 255 }) decisionDefinitionId!: string;
  @Column({ type: 'varchar', length: 255 }) decisionDefinitionKey!: string;
  @strN() decisionDefinitionName!: string | null;
  @time() evaluationTime!: Date;
  @strN() processDefinitionId!: string | null;
  @strN() processDefinitionKey!: string | null;
  @refN() processInstanceId!: string | null;
  @strN() activityId!: string | null;
  @refN() activityInstanceId!: string | null;
  /** The decision evaluated first (the one asked for); null for that one itself. */
  @refN() rootDecisionInstanceId!: string | null;
  /** A COLLECT table with an aggregation (SUM, MIN, MAX, COUNT): the aggregate. */
  @Column({ type: 'double', nullable: true }) collectResultValue!: number | null;
  @strN() userId!: string | null;
  @refN() tenantId!: string | null;
}

@Entity('eng_hi_decision_in')
export class EngineHistoricDecisionInput {
  @id() id!: string;
  @ref() decisionInstanceId!: string;
  @Column({ type: 'varchar', length: 255 }) clauseId!: string;
  @strN() clauseName!: string | null;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @textN() textValue!: string | null;
  @time() createTime!: Date;
  /** Position among the decision's inputs, for a stable order. */
  @Column({ type: 'integer' }) position!: number;
}

@Entity('eng_hi_decision_out')
export class EngineHistoricDecisionOutput {
  @id() id!: string;
  @ref() decisionInstanceId!: string;
  @Column({ type: 'varchar', length: 255 }) clauseId!: string;
  @strN() clauseName!: string | null;
  @strN() ruleId!: string | null;
  /** 1-based position of the matched rule in the table, as Camunda's `ruleOrder`. */
  @Column({ type: 'integer', nullable: true }) ruleOrder!: number | null;
  @Column({ type: 'varchar', length: 255 }) variableName!: string;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @textN() textValue!: string | null;
  @time() createTime!: Date;
  @Column({ type: 'integer' }) position!: number;
}

export const DECISION_HISTORY_ENTITIES = [
  EngineHistoricDecisionInstance,
  EngineHistoricDecisionInput,
  EngineHistoricDecisionOutput,
];
