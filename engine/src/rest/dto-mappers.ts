import type {
  EngineDeployment,
  EngineExecution,
  EngineHistoricActivityInstance,
  EngineHistoricProcessInstance,
  EngineHistoricTaskInstance,
  EngineHistoricVariableInstance,
  EngineIncident,
  EngineProcessDefinition,
  EngineTask,
  EngineVariable,
} from '@motcua/db/engine';
import type {
  DeploymentDto,
  HistoricActivityInstanceDto,
  HistoricProcessInstanceDto,
  HistoricTaskInstanceDto,
  HistoricVariableInstanceDto,
  IncidentDto,
  ProcessDefinitionDto,
  ProcessInstanceDto,
  TaskDto,
  VariableMapDto,
} from '@motcua/engine-client';
import { formatCamundaDate, toDto, type StoredValue } from '../variables/typed-value.js';

const date = (d: Date | null): string | null => formatCamundaDate(d);
const duration = (start: Date, end: Date | null): number | null =>
  end ? end.getTime() - start.getTime() : null;
const stored = (v: { type: string; textValue: string | null }): StoredValue => ({
  type: v.type as StoredValue['type'],
  text: v.textValue,
});

/** Runtime or historic variables (anything with name, type and text) as a REST variable map. */
export function variableMap(
  vars: Iterable<Pick<EngineVariable, 'name' | 'type' | 'textValue'>>,
): VariableMapDto {
  const out: VariableMapDto = {};
  for (const v of vars) out[v.name] = toDto(stored(v));
  return out;
}

export function deploymentDto(d: EngineDeployment, baseUrl: string): DeploymentDto {
  return {
    id: d.id,
    name: d.name,
    source: d.source,
    tenantId: d.tenantId,
    deploymentTime: date(d.deploymentTime)!,
    links: [{ method: 'GET', href: `${baseUrl}/deployment/${d.id}`, rel: 'self' }],
  };
}

export function processDefinitionDto(d: EngineProcessDefinition): ProcessDefinitionDto {
  return {
    id: d.id,
    key: d.key,
    category: 'http://bpmn.io/schema/bpmn',
    description: null,
    name: d.name,
    version: d.version,
    resource: d.resourceName,
    deploymentId: d.deploymentId,
    diagram: null,
    suspended: d.suspended,
    tenantId: d.tenantId,
    versionTag: d.versionTag,
    historyTimeToLive: d.historyTimeToLive,
    startableInTasklist: d.startableInTasklist,
  };
}

export function processInstanceDto(e: EngineExecution, baseUrl: string, ended = false): ProcessInstanceDto {
  return {
    id: e.id,
    definitionId: e.processDefinitionId,
    definitionKey: e.processDefinitionKey,
    businessKey: e.businessKey,
    caseInstanceId: null,
    ended,
    suspended: e.suspended ?? false,
    tenantId: e.tenantId,
    links: [{ method: 'GET', href: `${baseUrl}/process-instance/${e.id}`, rel: 'self' }],
  };
}

export function taskDto(t: EngineTask): TaskDto {
  return {
    id: t.id,
    name: t.name,
    assignee: t.assignee,
    owner: t.owner,
    created: date(t.created)!,
    lastUpdated: date(t.lastUpdated),
    due: date(t.dueDate),
    followUp: date(t.followUpDate),
    delegationState: (t.delegationState ?? null) as TaskDto['delegationState'],
    description: t.description,
    executionId: t.executionId,
    parentTaskId: null,
    priority: t.priority,
    processDefinitionId: t.processDefinitionId,
    processInstanceId: t.processInstanceId,
    caseExecutionId: null,
    caseDefinitionId: null,
    caseInstanceId: null,
    taskDefinitionKey: t.taskDefinitionKey,
    suspended: t.suspended,
    formKey: t.formKey,
    camundaFormRef:
      t.formRefKey === null
        ? null
        : { key: t.formRefKey, binding: t.formRefBinding ?? 'latest', version: t.formRefVersion },
    tenantId: t.tenantId,
    taskState: t.assignee === null ? 'Created' : 'Assigned',
  };
}

export function incidentDto(i: EngineIncident): IncidentDto {
  return {
    id: i.id,
    processDefinitionId: i.processDefinitionId,
    processInstanceId: i.processInstanceId,
    executionId: i.executionId,
    incidentTimestamp: date(i.incidentTimestamp)!,
    incidentType: i.incidentType,
    activityId: i.activityId,
    failedActivityId: i.activityId,
    causeIncidentId: i.id,
    rootCauseIncidentId: i.id,
    configuration: i.configuration,
    tenantId: i.tenantId,
    incidentMessage: i.incidentMessage,
    jobDefinitionId: null,
    annotation: i.annotation ?? null,
  };
}

export function historicProcessInstanceDto(h: EngineHistoricProcessInstance): HistoricProcessInstanceDto {
  return {
    id: h.id,
    rootProcessInstanceId: h.id,
    superProcessInstanceId: h.superProcessInstanceId,
    superCaseInstanceId: null,
    caseInstanceId: null,
    processDefinitionName: h.processDefinitionName,
    processDefinitionKey: h.processDefinitionKey,
    processDefinitionVersion: h.processDefinitionVersion,
    processDefinitionId: h.processDefinitionId,
    businessKey: h.businessKey,
    startTime: date(h.startTime)!,
    endTime: date(h.endTime),
    removalTime: null,
    durationInMillis: duration(h.startTime, h.endTime),
    startUserId: null,
    startActivityId: h.startActivityId,
    deleteReason: h.deleteReason,
    tenantId: h.tenantId,
    state: h.state,
    restartedProcessInstanceId: null,
  };
}

export function historicActivityInstanceDto(a: EngineHistoricActivityInstance): HistoricActivityInstanceDto {
  return {
    id: a.id,
    parentActivityInstanceId: a.parentActivityInstanceId,
    activityId: a.activityId,
    activityName: a.activityName,
    activityType: a.activityType,
    processDefinitionKey: a.processDefinitionKey,
    processDefinitionId: a.processDefinitionId,
    processInstanceId: a.processInstanceId,
    executionId: a.executionId,
    taskId: a.taskId,
    assignee: a.assignee,
    calledProcessInstanceId: null,
    calledCaseInstanceId: null,
    startTime: date(a.startTime)!,
    endTime: date(a.endTime),
    durationInMillis: duration(a.startTime, a.endTime),
    canceled: a.canceled,
    completeScope: a.completeScope,
    tenantId: a.tenantId,
    removalTime: null,
    rootProcessInstanceId: a.processInstanceId,
  };
}

export function historicVariableInstanceDto(v: EngineHistoricVariableInstance): HistoricVariableInstanceDto {
  return {
    ...toDto(stored(v)),
    id: v.id,
    name: v.name,
    processDefinitionKey: v.processDefinitionKey,
    processDefinitionId: v.processDefinitionId,
    processInstanceId: v.processInstanceId,
    executionId: v.executionId,
    activityInstanceId: v.activityInstanceId,
    caseDefinitionKey: null,
    caseDefinitionId: null,
    caseInstanceId: null,
    caseExecutionId: null,
    taskId: v.taskId,
    tenantId: v.tenantId,
    errorMessage: null,
    state: v.state,
    createTime: date(v.createTime)!,
    removalTime: null,
    rootProcessInstanceId: v.processInstanceId,
  };
}

export function historicTaskInstanceDto(t: EngineHistoricTaskInstance): HistoricTaskInstanceDto {
  return {
    id: t.id,
    processDefinitionKey: t.processDefinitionKey,
    processDefinitionId: t.processDefinitionId,
    processInstanceId: t.processInstanceId,
    executionId: t.executionId,
    caseDefinitionKey: null,
    caseDefinitionId: null,
    caseInstanceId: null,
    caseExecutionId: null,
    activityInstanceId: t.activityInstanceId,
    name: t.name,
    description: t.description,
    deleteReason: t.deleteReason,
    owner: t.owner,
    assignee: t.assignee,
    startTime: date(t.startTime)!,
    endTime: date(t.endTime),
    duration: duration(t.startTime, t.endTime),
    taskDefinitionKey: t.taskDefinitionKey,
    priority: t.priority,
    due: date(t.dueDate),
    parentTaskId: null,
    followUp: date(t.followUpDate),
    tenantId: t.tenantId,
    removalTime: null,
    rootProcessInstanceId: t.processInstanceId,
    taskState: t.endTime === null ? 'Created' : t.deleteReason === 'completed' ? 'Completed' : 'Deleted',
  };
}
