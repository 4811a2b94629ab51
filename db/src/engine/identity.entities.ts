/*
 * The engine's identity service and operator records (issue 5): users, groups, memberships,
 * authorizations, saved task filters, task comments and the user-operation log. Same column rules
 * as entities.ts: explicit types valid on SQLite and MySQL, `rev` on every mutable row.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

const id = () => PrimaryColumn({ type: 'varchar', length: 64 });
const ref = () => Column({ type: 'varchar', length: 64 });
const refN = () => Column({ type: 'varchar', length: 64, nullable: true });
const strN = () => Column({ type: 'varchar', length: 255, nullable: true });
const textN = () => Column({ type: 'text', nullable: true });
const int = () => Column({ type: 'integer' });
const time = () => Column({ type: 'datetime', precision: 3 });

@Entity('eng_user')
export class EngineUser {
  @id() id!: string;
  @int() rev!: number;
  @strN() firstName!: string | null;
  @strN() lastName!: string | null;
  @strN() email!: string | null;
  /** `scrypt$<salt b64>$<hash b64>`; never leaves the engine. */
  @Column({ type: 'varchar', length: 255 }) passwordHash!: string;
}

@Entity('eng_group')
export class EngineGroup {
  @id() id!: string;
  @int() rev!: number;
  @strN() name!: string | null;
  @strN() type!: string | null;
}

/** A user in a group; `id` is `<groupId>/<userId>` so a membership exists once. */
@Entity('eng_membership')
export class EngineMembership {
  @PrimaryColumn({ type: 'varchar', length: 140 }) id!: string;
  @ref() userId!: string;
  @ref() groupId!: string;
}

/**
 * Camunda's authorization: `type` 0 global, 1 grant, 2 revoke; `resourceType` Camunda's integer
 * (0 application, 1 user, 2 group, 3 group membership, 4 authorization, 5 filter,
 * 6 process definition, 7 task, 8 process instance, 9 deployment…); `permissions` a comma list of
 * permission names (`ALL`, `READ`, `UPDATE`, …); `resourceId` `*` for all.
 */
@Entity('eng_authorization')
export class EngineAuthorization {
  @id() id!: string;
  @int() rev!: number;
  @int() type!: number;
  @refN() userId!: string | null;
  @refN() groupId!: string | null;
  @int() resourceType!: number;
  @Column({ type: 'varchar', length: 255 }) resourceId!: string;
  @Column({ type: 'varchar', length: 1000 }) permissions!: string;
}

/** A saved task query (Camunda's filter): the query and properties kept as JSON text. */
@Entity('eng_filter')
export class EngineFilter {
  @id() id!: string;
  @int() rev!: number;
  @Column({ type: 'varchar', length: 32 }) resourceType!: string;
  @Column({ type: 'varchar', length: 255 }) name!: string;
  @strN() owner!: string | null;
  @Column({ type: 'text' }) query!: string;
  @textN() properties!: string | null;
}

@Entity('eng_comment')
export class EngineComment {
  @id() id!: string;
  @ref() taskId!: string;
  @refN() processInstanceId!: string | null;
  @refN() userId!: string | null;
  @time() time!: Date;
  @Column({ type: 'text' }) message!: string;
}

/**
 * One changed property of one user operation (Camunda's UserOperationLogEntry): who
 * (`userId`), what (`operationType` on `entityType`, `property`), when (`timestamp`), from which
 * value to which (`orgValue` → `newValue`). Entries of one operation share `operationId`.
 */
@Entity('eng_hi_op_log')
export class EngineUserOperationLog {
  @id() id!: string;
  @ref() operationId!: string;
  @refN() userId!: string | null;
  @time() timestamp!: Date;
  @Column({ type: 'varchar', length: 64 }) operationType!: string;
  @Column({ type: 'varchar', length: 64 }) entityType!: string;
  @Column({ type: 'varchar', length: 64 }) category!: string;
  @strN() property!: string | null;
  @textN() orgValue!: string | null;
  @textN() newValue!: string | null;
  @refN() deploymentId!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) processDefinitionId!: string | null;
  @strN() processDefinitionKey!: string | null;
  @refN() processInstanceId!: string | null;
  @refN() executionId!: string | null;
  @refN() taskId!: string | null;
  @refN() externalTaskId!: string | null;
  @refN() incidentId!: string | null;
  @textN() annotation!: string | null;
}

/**
 * An incident's history (Camunda's HistoricIncident): written by the store whenever a runtime
 * incident is inserted or removed, in the same transaction. `state` is open, resolved or deleted.
 */
@Entity('eng_hi_incident')
export class EngineHistoricIncident {
  @id() id!: string;
  @int() rev!: number;
  @Column({ type: 'varchar', length: 64 }) incidentType!: string;
  @textN() incidentMessage!: string | null;
  @time() createTime!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) endTime!: Date | null;
  @ref() executionId!: string;
  @ref() processInstanceId!: string;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @Column({ type: 'varchar', length: 255 }) activityId!: string;
  @refN() configuration!: string | null;
  @refN() tenantId!: string | null;
  @Column({ type: 'varchar', length: 16 }) state!: string;
  @textN() annotation!: string | null;
}

/**
 * A task's identity-link history (Camunda's HistoricIdentityLinkLog): candidate users and groups
 * added and deleted (mirrored by the store) and assignee changes (written by the task service).
 */
@Entity('eng_hi_identitylink')
export class EngineHistoricIdentityLink {
  @id() id!: string;
  @time() time!: Date;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @strN() userId!: string | null;
  @strN() groupId!: string | null;
  @ref() taskId!: string;
  /** `add` or `delete`. */
  @Column({ type: 'varchar', length: 16 }) operationType!: string;
  @strN() assignerId!: string | null;
}

/**
 * An external task's history (Camunda's HistoricExternalTaskLog): one row when it is created,
 * fails, succeeds (complete or BPMN error) or is deleted with its activity or instance.
 */
@Entity('eng_hi_ext_task_log')
export class EngineHistoricExternalTaskLog {
  @id() id!: string;
  @time() timestamp!: Date;
  @ref() externalTaskId!: string;
  @Column({ type: 'varchar', length: 255 }) topicName!: string;
  @strN() workerId!: string | null;
  @Column({ type: 'integer', nullable: true }) retries!: number | null;
  @int() priority!: number;
  @textN() errorMessage!: string | null;
  @textN() errorDetails!: string | null;
  @Column({ type: 'varchar', length: 255 }) activityId!: string;
  @ref() activityInstanceId!: string;
  @ref() executionId!: string;
  @ref() processInstanceId!: string;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @Column({ type: 'varchar', length: 255 }) processDefinitionKey!: string;
  @refN() tenantId!: string | null;
  /** `created`, `failed`, `successful` or `deleted`. */
  @Column({ type: 'varchar', length: 16 }) state!: string;
}

/**
 * What an operator set on a job definition (they are derived from the deployed models; only the
 * changed ones have a row): suspended (its jobs are created suspended) and an overriding priority.
 */
@Entity('eng_job_definition')
export class EngineJobDefinitionState {
  @PrimaryColumn({ type: 'varchar', length: 255 }) id!: string;
  @int() rev!: number;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @Column({ type: 'varchar', length: 255 }) activityId!: string;
  @Column({ type: 'boolean' }) suspended!: boolean;
  @Column({ type: 'integer', nullable: true }) overridingJobPriority!: number | null;
}

export const IDENTITY_ENTITIES = [
  EngineJobDefinitionState,
  EngineHistoricExternalTaskLog,
  EngineHistoricIdentityLink,
  EngineHistoricIncident,
  EngineUser,
  EngineGroup,
  EngineMembership,
  EngineAuthorization,
  EngineFilter,
  EngineComment,
  EngineUserOperationLog,
];
