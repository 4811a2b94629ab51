/**
 * Camunda 7 REST DTOs as our engine serves them and as the portal and workers read them: the one
 * typed copy of the contract (the engine's REST layer imports these types, types only).
 * Shapes follow `camunda7-openapi.json` (7.24); fields we never fill are still declared, as null,
 * so a client written against Camunda reads the same keys. Dates are strings in Camunda's format
 * `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (e.g. `2026-11-27T10:00:00.000+0000`).
 */

/** The variable value types the engine stores; REST names are these, capitalised. */
export const CAMUNDA_VARIABLE_TYPES = [
  'String',
  'Boolean',
  'Short',
  'Integer',
  'Long',
  'Double',
  'Date',
  'Null',
  'Json',
  'File',
  'Bytes',
] as const;
export type CamundaVariableType = (typeof CAMUNDA_VARIABLE_TYPES)[number];

/** `{value, type, valueInfo}`: a Json value is a JSON string; a Date a Camunda date string. */
export interface VariableValueDto {
  value: unknown;
  type: string;
  valueInfo: Record<string, unknown>;
}
export type VariableMapDto = Record<string, VariableValueDto>;

/** A value as a client sends it: VariableValueDto with `valueInfo` optional. */
export type TypedValue = Omit<VariableValueDto, 'valueInfo'> & { valueInfo?: Record<string, unknown> };
export type TypedVariables = Record<string, TypedValue>;

export interface ExceptionDto {
  type: string;
  message: string;
  code?: number | null;
}

export interface VersionDto {
  version: string;
}
export interface ProcessEngineDto {
  name: string;
}

export interface LinkDto {
  method: string;
  href: string;
  rel: string;
}

export interface DeploymentDto {
  id: string;
  name: string | null;
  source: string | null;
  tenantId: string | null;
  deploymentTime: string;
  links: LinkDto[];
}

export interface ProcessDefinitionDto {
  id: string;
  key: string;
  category: string | null;
  description: string | null;
  name: string | null;
  version: number;
  resource: string;
  deploymentId: string;
  diagram: string | null;
  suspended: boolean;
  tenantId: string | null;
  versionTag: string | null;
  historyTimeToLive: number | null;
  startableInTasklist: boolean;
}

export interface DeploymentWithDefinitionsDto extends DeploymentDto {
  /** null when an existing deployment was returned (duplicate filtering), as Camunda does. */
  deployedProcessDefinitions: Record<string, ProcessDefinitionDto> | null;
  /** The deployment's decisions (DecisionDefinitionDto by id); null when it has none. */
  deployedDecisionDefinitions: Record<string, { id: string; key: string; version: number }> | null;
  /** The deployment's decision requirements definitions (files of several decisions); null when none. */
  deployedDecisionRequirementsDefinitions: Record<
    string,
    { id: string; key: string; version: number }
  > | null;
  deployedCaseDefinitions: null;
}

export interface ProcessDefinitionDiagramDto {
  id: string;
  bpmn20Xml: string;
}

export interface ProcessInstanceDto {
  id: string;
  definitionId: string;
  definitionKey: string;
  businessKey: string | null;
  caseInstanceId: null;
  ended: boolean;
  suspended: boolean;
  tenantId: string | null;
  links: LinkDto[];
}

export interface ProcessInstanceWithVariablesDto extends ProcessInstanceDto {
  variables: VariableMapDto | null;
}

export interface CamundaFormRefDto {
  key: string;
  binding: string;
  version: number | null;
}

export interface TaskDto {
  id: string;
  name: string | null;
  assignee: string | null;
  owner: string | null;
  created: string;
  lastUpdated: string | null;
  due: string | null;
  followUp: string | null;
  delegationState: 'PENDING' | 'RESOLVED' | null;
  description: string | null;
  executionId: string;
  parentTaskId: null;
  priority: number;
  processDefinitionId: string;
  processInstanceId: string;
  caseExecutionId: null;
  caseDefinitionId: null;
  caseInstanceId: null;
  taskDefinitionKey: string;
  suspended: boolean;
  formKey: string | null;
  camundaFormRef: CamundaFormRefDto | null;
  /** Operaton's name of `camundaFormRef` (Operaton sends this one instead; ours never does). */
  operatonFormRef?: CamundaFormRefDto | null;
  tenantId: string | null;
  taskState: string;
}

export interface ExternalTaskDto {
  activityId: string;
  activityInstanceId: string;
  errorMessage: string | null;
  executionId: string;
  id: string;
  lockExpirationTime: string | null;
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionVersionTag: string | null;
  processInstanceId: string;
  tenantId: string | null;
  retries: number | null;
  suspended: boolean;
  workerId: string | null;
  topicName: string;
  priority: number;
  businessKey: string | null;
  createTime: string;
}

export interface LockedExternalTaskDto extends ExternalTaskDto {
  errorDetails: string | null;
  /** Never null: the external-task client wraps it directly. */
  variables: VariableMapDto;
  extensionProperties: Record<string, string>;
}

export interface IncidentDto {
  id: string;
  processDefinitionId: string;
  processInstanceId: string;
  executionId: string;
  incidentTimestamp: string;
  incidentType: string;
  activityId: string;
  failedActivityId: string;
  causeIncidentId: string;
  rootCauseIncidentId: string;
  configuration: string | null;
  tenantId: string | null;
  incidentMessage: string | null;
  jobDefinitionId: null;
  annotation: string | null;
}

export interface HistoricProcessInstanceDto {
  id: string;
  rootProcessInstanceId: string;
  superProcessInstanceId: string | null;
  superCaseInstanceId: null;
  caseInstanceId: null;
  processDefinitionName: string | null;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  processDefinitionId: string;
  businessKey: string | null;
  startTime: string;
  endTime: string | null;
  removalTime: null;
  durationInMillis: number | null;
  startUserId: null;
  startActivityId: string | null;
  deleteReason: string | null;
  tenantId: string | null;
  /** ACTIVE, COMPLETED, EXTERNALLY_TERMINATED or INTERNALLY_TERMINATED. */
  state: string;
  restartedProcessInstanceId: null;
}

export interface HistoricActivityInstanceDto {
  id: string;
  parentActivityInstanceId: string | null;
  activityId: string;
  activityName: string | null;
  activityType: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processInstanceId: string;
  executionId: string;
  taskId: string | null;
  assignee: string | null;
  calledProcessInstanceId: null;
  calledCaseInstanceId: null;
  startTime: string;
  endTime: string | null;
  durationInMillis: number | null;
  canceled: boolean;
  completeScope: boolean;
  tenantId: string | null;
  removalTime: null;
  rootProcessInstanceId: string;
}

export interface HistoricVariableInstanceDto extends VariableValueDto {
  id: string;
  name: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processInstanceId: string;
  executionId: string;
  activityInstanceId: string;
  caseDefinitionKey: null;
  caseDefinitionId: null;
  caseInstanceId: null;
  caseExecutionId: null;
  taskId: string | null;
  tenantId: string | null;
  errorMessage: null;
  state: string;
  createTime: string;
  removalTime: null;
  rootProcessInstanceId: string;
}

export interface CountResultDto {
  count: number;
}

export interface SortingDto<By extends string = string> {
  sortBy: By;
  sortOrder: 'asc' | 'desc';
}

/** The part of Camunda's TaskQueryDto (`POST /task`, `POST /task/count`) our clients send. */
export interface TaskQueryDto {
  assignee?: string;
  candidateGroups?: string[];
  processInstanceId?: string;
  processInstanceIdIn?: string[];
  withoutTenantId?: boolean;
  /** Each entry's criteria ORed, the entry ANDed with the rest (Camunda's orQueries). */
  orQueries?: Array<Omit<TaskQueryDto, 'orQueries' | 'sorting'>>;
  sorting?: Array<SortingDto<'created' | 'dueDate' | 'priority' | 'name'>>;
}

/** `POST /process-definition/{id}/start` and `…/key/{key}/start`. */
export interface StartProcessInstanceDto {
  businessKey?: string;
  variables?: TypedVariables;
  withVariablesInReturn?: boolean;
}

/** `POST /message` (CorrelationMessageDto, the fields our clients send). */
export interface CorrelationMessageDto {
  messageName: string;
  businessKey?: string;
  processInstanceId?: string;
  correlationKeys?: TypedVariables;
  processVariables?: TypedVariables;
  all?: boolean;
  resultEnabled?: boolean;
}

/** A node of `GET /process-instance/{id}/activity-instances` (ActivityInstanceDto). */
export interface ActivityInstanceDto {
  id: string;
  parentActivityInstanceId: string | null;
  activityId: string;
  activityType: string;
  activityName: string | null;
  name: string | null;
  processInstanceId: string;
  processDefinitionId: string;
  childActivityInstances: ActivityInstanceDto[];
  childTransitionInstances: Array<{ id: string; activityId: string; activityType?: string }>;
  executionIds: string[];
  incidentIds: string[];
}

export interface HistoricTaskInstanceDto {
  id: string;
  processDefinitionKey: string | null;
  processDefinitionId: string | null;
  processInstanceId: string | null;
  executionId: string | null;
  caseDefinitionKey: null;
  caseDefinitionId: null;
  caseInstanceId: null;
  caseExecutionId: null;
  activityInstanceId: string | null;
  name: string | null;
  description: string | null;
  deleteReason: string | null;
  owner: string | null;
  assignee: string | null;
  startTime: string;
  endTime: string | null;
  duration: number | null;
  taskDefinitionKey: string;
  priority: number;
  due: string | null;
  parentTaskId: null;
  followUp: string | null;
  tenantId: string | null;
  removalTime: null;
  rootProcessInstanceId: string | null;
  taskState: string;
}

/** `GET /history/detail?variableUpdates=true`: one write of a variable (HistoricVariableUpdateDto). */
export interface HistoricVariableUpdateDto {
  id: string;
  type: 'variableUpdate';
  processDefinitionKey: string | null;
  processDefinitionId: string | null;
  processInstanceId: string;
  activityInstanceId: string | null;
  executionId: string | null;
  caseDefinitionKey: null;
  caseDefinitionId: null;
  caseInstanceId: null;
  caseExecutionId: null;
  taskId: string | null;
  tenantId: string | null;
  userOperationId: string | null;
  time: string;
  removalTime: string | null;
  rootProcessInstanceId: string | null;
  variableName: string;
  variableInstanceId: string;
  variableType: string;
  value: unknown;
  valueInfo: Record<string, unknown>;
  initial: boolean;
  revision: number;
  errorMessage: string | null;
}

/** `GET /deployment/{id}/resources`. */
export interface DeploymentResourceDto {
  id: string;
  name: string;
  deploymentId: string;
}

export interface MigrationInstructionDto {
  sourceActivityIds: string[];
  targetActivityIds: string[];
  updateEventTrigger?: boolean;
}

/** `POST /migration/generate` answers one; `/migration/validate` and `/migration/execute` take one. */
export interface MigrationPlanDto {
  sourceProcessDefinitionId: string;
  targetProcessDefinitionId: string;
  instructions: MigrationInstructionDto[];
  variables?: unknown;
}

export interface MigrationPlanReportDto {
  instructionReports: Array<{ instruction: MigrationInstructionDto; failures: string[] }>;
  variableReports?: Record<string, unknown>;
}

/** `GET /job`, `GET /job/{id}` (JobDto). */
export interface JobDto {
  id: string;
  jobDefinitionId: string | null;
  dueDate: string | null;
  processInstanceId: string | null;
  processDefinitionId: string | null;
  processDefinitionKey: string | null;
  executionId: string | null;
  exceptionMessage: string | null;
  failedActivityId: string | null;
  retries: number;
  suspended: boolean;
  priority: number;
  tenantId: string | null;
  createTime: string | null;
}

export interface IncidentStatisticsResultDto {
  incidentType: string;
  incidentCount: number;
}

/** `GET /process-definition/{id}/statistics`: instances waiting in one activity. */
export interface ActivityStatisticsResultDto {
  id: string;
  instances: number;
  failedJobs: number;
  incidents: IncidentStatisticsResultDto[];
}

/** `GET /process-definition/statistics`: one definition's running instances and incidents. */
export interface ProcessDefinitionStatisticsResultDto extends ActivityStatisticsResultDto {
  definition: ProcessDefinitionDto;
}

/** `GET /task/{id}/identity-links` (IdentityLinkDto). */
export interface IdentityLinkDto {
  userId: string | null;
  groupId: string | null;
  /** `assignee`, `owner`, `candidate`… */
  type: string;
}
