import { Column, Entity, PrimaryColumn } from 'typeorm';

/*
 * The engine's tables. Every column has an explicit type (swc does not always emit design types)
 * valid on SQLite and MySQL/MariaDB. Mutable runtime rows carry `rev`, checked and bumped on every
 * update and delete (optimistic locking). Times are datetime(3), stored in UTC.
 * Large text (BPMN XML, variable values, error details) is `text` here; the migration widens it to
 * `mediumtext` on MySQL, where `text` stops at 64 KB.
 */

const id = () => PrimaryColumn({ type: 'varchar', length: 64 });
const ref = () => Column({ type: 'varchar', length: 64 });
const refN = () => Column({ type: 'varchar', length: 64, nullable: true });
const str = () => Column({ type: 'varchar', length: 255 });
const strN = () => Column({ type: 'varchar', length: 255, nullable: true });
const textN = () => Column({ type: 'text', nullable: true });
const int = () => Column({ type: 'integer' });
const intN = () => Column({ type: 'integer', nullable: true });
const bool = () => Column({ type: 'boolean' });
const time = () => Column({ type: 'datetime', precision: 3 });
const timeN = () => Column({ type: 'datetime', precision: 3, nullable: true });

@Entity('eng_deployment')
export class EngineDeployment {
  @id() id!: string;
  @strN() name!: string | null;
  @strN() source!: string | null;
  @refN() tenantId!: string | null;
  @time() deploymentTime!: Date;
}

/** A deployed file: BPMN, form-js `.form`, DMN… kept verbatim. */
@Entity('eng_resource')
export class EngineResource {
  @id() id!: string;
  @ref() deploymentId!: string;
  @str() name!: string;
  @Column({ type: 'text' }) content!: string;
}

@Entity('eng_process_definition')
export class EngineProcessDefinition {
  /** `key:version:uuid`, as Camunda. */
  @PrimaryColumn({ type: 'varchar', length: 255 }) id!: string;
  @Column({ name: 'definitionKey', type: 'varchar', length: 255 }) key!: string;
  @int() version!: number;
  @strN() name!: string | null;
  @ref() deploymentId!: string;
  @str() resourceName!: string;
  @strN() versionTag!: string | null;
  @refN() tenantId!: string | null;
  @bool() suspended!: boolean;
  @bool() startableInTasklist!: boolean;
  @intN() historyTimeToLive!: number | null;
}

/**
 * A token or a scope. The process instance is the root execution (`isProcessInstance`); parallel
 * paths are concurrent children of it. `isActive` is false for the root while it has children and
 * for a child waiting at a parallel join.
 */
@Entity('eng_execution')
export class EngineExecution {
  @id() id!: string;
  @int() rev!: number;
  @ref() processInstanceId!: string;
  @refN() parentId!: string | null;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @str() processDefinitionKey!: string;
  @strN() businessKey!: string | null;
  @refN() superProcessInstanceId!: string | null;
  @strN() activityId!: string | null;
  @refN() activityInstanceId!: string | null;
  @bool() isProcessInstance!: boolean;
  @bool() isConcurrent!: boolean;
  @bool() isActive!: boolean;
  @time() startTime!: Date;
  @refN() tenantId!: string | null;
  /** Set on every execution of a suspended instance (issue 5); absent on insert = false. */
  @Column({ type: 'boolean', default: false }) suspended?: boolean;
}

@Entity('eng_task')
export class EngineTask {
  @id() id!: string;
  @int() rev!: number;
  @strN() name!: string | null;
  @textN() description!: string | null;
  @ref() executionId!: string;
  @ref() processInstanceId!: string;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @str() processDefinitionKey!: string;
  @strN() businessKey!: string | null;
  @str() taskDefinitionKey!: string;
  @ref() activityInstanceId!: string;
  @strN() assignee!: string | null;
  @strN() owner!: string | null;
  @int() priority!: number;
  @time() created!: Date;
  @timeN() lastUpdated!: Date | null;
  @timeN() dueDate!: Date | null;
  @timeN() followUpDate!: Date | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) formKey!: string | null;
  @strN() formRefKey!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) formRefBinding!: string | null;
  @intN() formRefVersion!: number | null;
  @bool() suspended!: boolean;
  @refN() tenantId!: string | null;
  /** PENDING while delegated, RESOLVED once the delegate resolved it (issue 5). */
  @Column({ type: 'varchar', length: 16, nullable: true }) delegationState?: string | null;
}

/** Candidate users and groups of a task (Camunda's identity links of type `candidate`). */
@Entity('eng_identity_link')
export class EngineIdentityLink {
  @id() id!: string;
  @ref() taskId!: string;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @strN() userId!: string | null;
  @strN() groupId!: string | null;
}

@Entity('eng_external_task')
export class EngineExternalTask {
  @id() id!: string;
  @int() rev!: number;
  @str() topicName!: string;
  @strN() workerId!: string | null;
  @timeN() lockExpirationTime!: Date | null;
  @intN() retries!: number | null;
  @textN() errorMessage!: string | null;
  @textN() errorDetails!: string | null;
  @ref() executionId!: string;
  @ref() processInstanceId!: string;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @str() processDefinitionKey!: string;
  @strN() processDefinitionVersionTag!: string | null;
  @str() activityId!: string;
  @ref() activityInstanceId!: string;
  @int() priority!: number;
  @strN() businessKey!: string | null;
  @refN() tenantId!: string | null;
  @time() createTime!: Date;
  @bool() suspended!: boolean;
}

/**
 * A runtime variable: `type` is the Camunda type name (String, Long, Json…), `textValue` its
 * canonical text (null for Null). Scoped by `executionId` (today always the process instance).
 */
@Entity('eng_variable')
export class EngineVariable {
  @id() id!: string;
  @int() rev!: number;
  @str() name!: string;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @textN() textValue!: string | null;
  @ref() executionId!: string;
  @ref() processInstanceId!: string;
  @refN() taskId!: string | null;
}

@Entity('eng_incident')
export class EngineIncident {
  @id() id!: string;
  @int() rev!: number;
  @Column({ type: 'varchar', length: 64 }) incidentType!: string;
  @textN() incidentMessage!: string | null;
  @time() incidentTimestamp!: Date;
  @ref() executionId!: string;
  @ref() processInstanceId!: string;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @str() activityId!: string;
  /** The external task id for `failedExternalTask`. */
  @refN() configuration!: string | null;
  @refN() tenantId!: string | null;
  /** Free text an operator attaches (issue 5). */
  @Column({ type: 'text', nullable: true }) annotation?: string | null;
}

@Entity('eng_hi_procinst')
export class EngineHistoricProcessInstance {
  @id() id!: string;
  @int() rev!: number;
  @strN() businessKey!: string | null;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @str() processDefinitionKey!: string;
  @strN() processDefinitionName!: string | null;
  @int() processDefinitionVersion!: number;
  @time() startTime!: Date;
  @timeN() endTime!: Date | null;
  @strN() startActivityId!: string | null;
  @strN() endActivityId!: string | null;
  /** ACTIVE, COMPLETED, EXTERNALLY_TERMINATED, INTERNALLY_TERMINATED. */
  @Column({ type: 'varchar', length: 32 }) state!: string;
  @refN() superProcessInstanceId!: string | null;
  @textN() deleteReason!: string | null;
  @refN() tenantId!: string | null;
}

@Entity('eng_hi_actinst')
export class EngineHistoricActivityInstance {
  @id() id!: string;
  @int() rev!: number;
  @refN() parentActivityInstanceId!: string | null;
  @str() activityId!: string;
  @strN() activityName!: string | null;
  @Column({ type: 'varchar', length: 64 }) activityType!: string;
  @ref() processInstanceId!: string;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @str() processDefinitionKey!: string;
  @ref() executionId!: string;
  @refN() taskId!: string | null;
  @strN() assignee!: string | null;
  @time() startTime!: Date;
  @timeN() endTime!: Date | null;
  @bool() canceled!: boolean;
  @bool() completeScope!: boolean;
  @refN() tenantId!: string | null;
}

@Entity('eng_hi_varinst')
export class EngineHistoricVariableInstance {
  /** Same id as the runtime variable. */
  @id() id!: string;
  @int() rev!: number;
  @str() name!: string;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @textN() textValue!: string | null;
  @ref() processInstanceId!: string;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @str() processDefinitionKey!: string;
  @ref() executionId!: string;
  @ref() activityInstanceId!: string;
  @refN() taskId!: string | null;
  @time() createTime!: Date;
  /** CREATED or DELETED. */
  @Column({ type: 'varchar', length: 32 }) state!: string;
  @refN() tenantId!: string | null;
}

/** One row per variable write (Camunda's HistoricVariableUpdate detail). */
@Entity('eng_hi_detail')
export class EngineHistoricVariableUpdate {
  @id() id!: string;
  @ref() variableInstanceId!: string;
  @str() name!: string;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @textN() textValue!: string | null;
  @ref() processInstanceId!: string;
  @ref() executionId!: string;
  @refN() activityInstanceId!: string | null;
  @refN() taskId!: string | null;
  @time() time!: Date;
  /** The variable's revision this update produced (1 for the creation). */
  @int() revision!: number;
}

@Entity('eng_hi_taskinst')
export class EngineHistoricTaskInstance {
  @id() id!: string;
  @int() rev!: number;
  @str() taskDefinitionKey!: string;
  @strN() name!: string | null;
  @ref() processInstanceId!: string;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @str() processDefinitionKey!: string;
  @ref() executionId!: string;
  @ref() activityInstanceId!: string;
  @strN() assignee!: string | null;
  @time() startTime!: Date;
  @timeN() endTime!: Date | null;
  /** `completed`, `deleted`… as Camunda. */
  @strN() deleteReason!: string | null;
  @refN() tenantId!: string | null;
  @textN() description!: string | null;
  @strN() owner!: string | null;
  @int() priority!: number;
  @timeN() dueDate!: Date | null;
  @timeN() followUpDate!: Date | null;
  @strN() businessKey!: string | null;
}

/** An execution waiting for an event; today only messages (`eventType` = `message`). */
@Entity('eng_event_subscription')
export class EngineEventSubscription {
  @id() id!: string;
  @int() rev!: number;
  @Column({ type: 'varchar', length: 32 }) eventType!: string;
  @str() eventName!: string;
  @ref() executionId!: string;
  @ref() processInstanceId!: string;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @str() activityId!: string;
  @time() created!: Date;
  @refN() tenantId!: string | null;
}

/**
 * A job for the job executor: a timer (intermediate catch, boundary, start) or an async
 * continuation. Due when `dueDate <= now`; acquired by setting `lockOwner` + `lockExpirationTime`
 * (an expired lock makes it acquirable again); `retries` count down on failure to a `failedJob`
 * incident. `repeatCycle` keeps what is left of a timer cycle (`R2/PT10M`, a cron) to re-arm.
 */
@Entity('eng_job')
export class EngineJob {
  @id() id!: string;
  @int() rev!: number;
  /** `timer` or `message` (async continuations), as Camunda's job types. */
  @Column({ type: 'varchar', length: 32 }) type!: string;
  /** `timer-intermediate`, `timer-boundary`, `timer-start`, `async-before`, `async-after`. */
  @Column({ type: 'varchar', length: 64 }) handlerType!: string;
  /** The element the job acts on (timer event or continued activity). */
  @str() activityId!: string;
  @refN() executionId!: string | null;
  @refN() processInstanceId!: string | null;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @str() processDefinitionKey!: string;
  @timeN() dueDate!: Date | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) repeatCycle!: string | null;
  @int() retries!: number;
  /** `camunda:failedJobRetryTimeCycle` of the element (`R3/PT5M`), null = Camunda's default. */
  @Column({ type: 'varchar', length: 255, nullable: true }) retryTimeCycle!: string | null;
  @textN() exceptionMessage!: string | null;
  @textN() exceptionStacktrace!: string | null;
  @strN() lockOwner!: string | null;
  @timeN() lockExpirationTime!: Date | null;
  @bool() suspended!: boolean;
  @int() priority!: number;
  @time() createTime!: Date;
  @refN() tenantId!: string | null;
}

/** A message start event of the latest version of a process (no execution waits for it). */
@Entity('eng_start_subscription')
export class EngineStartSubscription {
  @id() id!: string;
  @Column({ type: 'varchar', length: 32 }) eventType!: string;
  @str() eventName!: string;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @str() processDefinitionKey!: string;
  @str() activityId!: string;
  @refN() tenantId!: string | null;
  @time() created!: Date;
}

/** A deployed DMN decision (`key:version:uuid`); its resource is parsed again when evaluated. */
@Entity('eng_decision_definition')
export class EngineDecisionDefinition {
  @PrimaryColumn({ type: 'varchar', length: 255 }) id!: string;
  @Column({ name: 'definitionKey', type: 'varchar', length: 255 }) key!: string;
  @int() version!: number;
  @strN() name!: string | null;
  @ref() deploymentId!: string;
  @str() resourceName!: string;
  @strN() versionTag!: string | null;
  @intN() historyTimeToLive!: number | null;
  @refN() tenantId!: string | null;
}

export const ENGINE_ENTITIES = [
  EngineJob,
  EngineDecisionDefinition,
  EngineStartSubscription,
  EngineEventSubscription,
  EngineDeployment,
  EngineResource,
  EngineProcessDefinition,
  EngineExecution,
  EngineTask,
  EngineIdentityLink,
  EngineExternalTask,
  EngineVariable,
  EngineIncident,
  EngineHistoricProcessInstance,
  EngineHistoricActivityInstance,
  EngineHistoricVariableInstance,
  EngineHistoricVariableUpdate,
  EngineHistoricTaskInstance,
];
