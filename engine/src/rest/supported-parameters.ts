import type { Context, Middleware } from 'koa';
import type Router from '@koa/router';
import type { Layer } from '@koa/router';
import { InvalidArgumentError } from '../runtime/errors.js';

/**
 * The query parameters of each implemented operation, as the OpenAPI document of Camunda 7.24
 * lists them (issue 11): `honoured` ones are read and applied by the route, `notSupported` ones
 * are answered with 400 instead of being silently ignored — a filter a client trusts must never
 * be dropped. Parameters the document does not list at all are ignored, as Camunda does.
 *
 * engine/test/supported-parameters.test.ts checks that honoured ∪ notSupported is exactly the
 * document's list for each operation, that every honoured parameter is read by the route, and
 * that every mounted route is either here or in OPERATIONS_NOT_YET_CHECKED. To honour a
 * parameter: implement it in the route and move it from `notSupported` to `honoured`.
 */
export interface OperationParameters {
  /**
   * Space-separated parameter names. `name=value`: only that value is honoured — it asks for what
   * the engine always does (a deletion runs no listeners) — and any other value is refused.
   */
  honoured: string;
  notSupported: string;
}

export const SUPPORTED_QUERY_PARAMETERS: Readonly<Record<string, OperationParameters>> = {
  // Operations with path parameters: the middleware refuses before the route looks the id up.
  'DELETE /deployment/{id}': {
    honoured: 'cascade skipCustomListeners=true skipIoMappings=true',
    notSupported: '',
  },
  'DELETE /history/process-instance/{id}': { honoured: 'failIfNotExists', notSupported: '' },
  'DELETE /process-definition/key/{key}': {
    honoured: 'cascade skipCustomListeners=true skipIoMappings=true',
    notSupported: '',
  },
  'DELETE /process-definition/{id}': {
    honoured: 'cascade skipCustomListeners=true skipIoMappings=true',
    notSupported: '',
  },
  'DELETE /process-instance/{id}': {
    honoured: 'failIfNotExists skipCustomListeners=true skipIoMappings=true skipSubprocesses=false',
    notSupported: '',
  },
  'GET /execution/{id}/localVariables': { honoured: 'deserializeValues', notSupported: '' },
  'GET /execution/{id}/localVariables/{varName}': { honoured: 'deserializeValue', notSupported: '' },
  'GET /filter/{id}': { honoured: 'itemCount', notSupported: '' },
  'GET /filter/{id}/list': { honoured: 'firstResult maxResults', notSupported: '' },
  'GET /history/decision-instance/{id}': {
    honoured: 'includeInputs includeOutputs',
    notSupported: 'disableBinaryFetching disableCustomObjectDeserialization',
  },
  'GET /history/decision-requirements-definition/{id}/statistics': {
    honoured: 'decisionInstanceId',
    notSupported: '',
  },
  'GET /history/detail/{id}': { honoured: 'deserializeValue', notSupported: '' },
  'GET /history/process-definition/{id}/statistics': {
    honoured:
      'canceled finished completeScope incidents startedBefore startedAfter finishedBefore finishedAfter processInstanceIdIn sortBy sortOrder',
    notSupported: '',
  },
  'GET /history/variable-instance/{id}': { honoured: 'deserializeValues', notSupported: '' },
  'GET /process-definition/key/{key}/form-variables': {
    honoured: 'variableNames deserializeValues',
    notSupported: '',
  },
  'GET /process-definition/key/{key}/statistics': {
    honoured: 'failedJobs incidents incidentsForType',
    notSupported: '',
  },
  'GET /process-definition/{id}/form-variables': {
    honoured: 'variableNames deserializeValues',
    notSupported: '',
  },
  'GET /process-definition/{id}/statistics': {
    honoured: 'failedJobs incidents incidentsForType',
    notSupported: '',
  },
  'GET /process-instance/{id}/variables': { honoured: 'deserializeValues', notSupported: '' },
  'GET /process-instance/{id}/variables/{varName}': { honoured: 'deserializeValue', notSupported: '' },
  'GET /task/{id}/form-variables': { honoured: 'variableNames deserializeValues', notSupported: '' },
  'GET /task/{id}/identity-links': { honoured: 'type', notSupported: '' },
  'GET /task/{id}/localVariables': { honoured: 'deserializeValues', notSupported: '' },
  'GET /task/{id}/localVariables/{varName}': { honoured: 'deserializeValue', notSupported: '' },
  'GET /task/{id}/variables': { honoured: 'deserializeValues', notSupported: '' },
  'GET /task/{id}/variables/{varName}': { honoured: 'deserializeValue', notSupported: '' },
  'GET /variable-instance/{id}': { honoured: 'deserializeValue', notSupported: '' },
  'POST /filter/{id}/list': { honoured: 'firstResult maxResults', notSupported: '' },
  'GET /authorization': {
    honoured: 'id type userIdIn groupIdIn resourceType resourceId sortBy sortOrder firstResult maxResults',
    notSupported: '',
  },
  'GET /authorization/check': {
    honoured: 'permissionName resourceType resourceName resourceId userId',
    notSupported: '',
  },
  'GET /authorization/count': {
    honoured: 'id type userIdIn groupIdIn resourceType resourceId',
    notSupported: '',
  },
  'GET /decision-definition': {
    honoured: 'firstResult maxResults decisionDefinitionId deploymentId key latestVersion versionTag',
    notSupported:
      'sortBy sortOrder decisionDefinitionIdIn name nameLike deployedAfter deployedAt keyLike category categoryLike version resourceName resourceNameLike decisionRequirementsDefinitionId decisionRequirementsDefinitionKey withoutDecisionRequirementsDefinition tenantIdIn withoutTenantId includeDecisionDefinitionsWithoutTenantId versionTagLike',
  },
  'GET /decision-definition/count': {
    honoured: 'decisionDefinitionId deploymentId key latestVersion versionTag',
    notSupported:
      'decisionDefinitionIdIn name nameLike deployedAfter deployedAt keyLike category categoryLike version resourceName resourceNameLike decisionRequirementsDefinitionId decisionRequirementsDefinitionKey withoutDecisionRequirementsDefinition tenantIdIn withoutTenantId includeDecisionDefinitionsWithoutTenantId versionTagLike',
  },
  'GET /decision-requirements-definition': {
    honoured:
      'decisionRequirementsDefinitionId decisionRequirementsDefinitionIdIn name nameLike deploymentId key keyLike category categoryLike version latestVersion resourceName resourceNameLike tenantIdIn withoutTenantId sortBy sortOrder firstResult maxResults',
    notSupported: 'includeDecisionRequirementsDefinitionsWithoutTenantId',
  },
  'GET /decision-requirements-definition/count': {
    honoured:
      'decisionRequirementsDefinitionId decisionRequirementsDefinitionIdIn name nameLike deploymentId key keyLike category categoryLike version latestVersion resourceName resourceNameLike tenantIdIn withoutTenantId',
    notSupported: 'includeDecisionRequirementsDefinitionsWithoutTenantId',
  },
  'GET /deployment': {
    honoured: 'id name nameLike source sortBy sortOrder firstResult maxResults',
    notSupported: 'withoutSource tenantIdIn withoutTenantId includeDeploymentsWithoutTenantId after before',
  },
  'GET /deployment/count': {
    honoured: 'id name nameLike source',
    notSupported: 'withoutSource tenantIdIn withoutTenantId includeDeploymentsWithoutTenantId after before',
  },
  'GET /event-subscription': {
    honoured:
      'eventSubscriptionId eventName eventType executionId processInstanceId activityId tenantIdIn sortBy sortOrder firstResult maxResults',
    notSupported: 'withoutTenantId includeEventSubscriptionsWithoutTenantId',
  },
  'GET /event-subscription/count': {
    honoured: 'eventSubscriptionId eventName eventType executionId processInstanceId activityId tenantIdIn',
    notSupported: 'withoutTenantId includeEventSubscriptionsWithoutTenantId',
  },
  'GET /execution': {
    honoured:
      'businessKey processDefinitionId processDefinitionKey processInstanceId activityId active suspended incidentId incidentType tenantIdIn sortBy sortOrder firstResult maxResults',
    notSupported:
      'signalEventSubscriptionName messageEventSubscriptionName incidentMessage incidentMessageLike variables processVariables variableNamesIgnoreCase variableValuesIgnoreCase',
  },
  'GET /execution/count': {
    honoured:
      'businessKey processDefinitionId processDefinitionKey processInstanceId activityId active suspended incidentId incidentType tenantIdIn',
    notSupported:
      'signalEventSubscriptionName messageEventSubscriptionName incidentMessage incidentMessageLike variables processVariables variableNamesIgnoreCase variableValuesIgnoreCase',
  },
  'GET /external-task': {
    honoured:
      'externalTaskId externalTaskIdIn topicName workerId locked notLocked withRetriesLeft noRetriesLeft activityId activityIdIn executionId processInstanceId processInstanceIdIn processDefinitionId tenantIdIn active suspended processDefinitionKey sortBy sortOrder firstResult maxResults',
    notSupported:
      'lockExpirationAfter lockExpirationBefore priorityHigherThanOrEquals priorityLowerThanOrEquals processDefinitionKeyIn processDefinitionName processDefinitionNameLike variableNamesIgnoreCase variableValuesIgnoreCase processVariables',
  },
  'GET /external-task/count': {
    honoured:
      'externalTaskId externalTaskIdIn topicName workerId locked notLocked withRetriesLeft noRetriesLeft activityId activityIdIn executionId processInstanceId processInstanceIdIn processDefinitionId tenantIdIn active suspended processDefinitionKey',
    notSupported:
      'lockExpirationAfter lockExpirationBefore priorityHigherThanOrEquals priorityLowerThanOrEquals processDefinitionKeyIn processDefinitionName processDefinitionNameLike variableNamesIgnoreCase variableValuesIgnoreCase processVariables',
  },
  'GET /external-task/topic-names': {
    honoured: 'withLockedTasks withUnlockedTasks withRetriesLeft',
    notSupported: '',
  },
  'GET /filter': {
    honoured: 'filterId resourceType name nameLike owner itemCount sortBy sortOrder firstResult maxResults',
    notSupported: '',
  },
  'GET /filter/count': {
    honoured: 'filterId resourceType name nameLike owner',
    notSupported: '',
  },
  'GET /group': {
    honoured: 'sortBy sortOrder firstResult maxResults id idIn name nameLike type member',
    notSupported: 'memberOfTenant',
  },
  'GET /group/count': {
    honoured: 'id idIn name nameLike type member',
    notSupported: 'memberOfTenant',
  },
  'GET /history/activity-instance': {
    honoured:
      'sortBy sortOrder firstResult maxResults activityInstanceId processInstanceId processDefinitionId executionId activityId activityType taskAssignee finished unfinished canceled completeScope',
    notSupported:
      'activityName startedBefore startedAfter finishedBefore finishedAfter tenantIdIn withoutTenantId',
  },
  'GET /history/activity-instance/count': {
    honoured:
      'activityInstanceId processInstanceId processDefinitionId executionId activityId activityType taskAssignee finished unfinished canceled completeScope',
    notSupported:
      'activityName startedBefore startedAfter finishedBefore finishedAfter tenantIdIn withoutTenantId',
  },
  'GET /history/decision-instance': {
    honoured:
      'decisionInstanceId decisionInstanceIdIn decisionDefinitionId decisionDefinitionIdIn decisionDefinitionKey decisionDefinitionKeyIn decisionDefinitionName decisionDefinitionNameLike processDefinitionId processDefinitionKey processInstanceId caseDefinitionId caseDefinitionKey caseInstanceId activityIdIn activityInstanceIdIn tenantIdIn withoutTenantId evaluatedBefore evaluatedAfter userId rootDecisionInstanceId rootDecisionInstancesOnly decisionRequirementsDefinitionId decisionRequirementsDefinitionKey includeInputs includeOutputs sortBy sortOrder firstResult maxResults',
    notSupported: 'disableBinaryFetching disableCustomObjectDeserialization',
  },
  'GET /history/decision-instance/count': {
    honoured:
      'decisionInstanceId decisionInstanceIdIn decisionDefinitionId decisionDefinitionIdIn decisionDefinitionKey decisionDefinitionKeyIn decisionDefinitionName decisionDefinitionNameLike processDefinitionId processDefinitionKey processInstanceId caseDefinitionId caseDefinitionKey caseInstanceId activityIdIn activityInstanceIdIn tenantIdIn withoutTenantId evaluatedBefore evaluatedAfter userId rootDecisionInstanceId rootDecisionInstancesOnly decisionRequirementsDefinitionId decisionRequirementsDefinitionKey',
    notSupported: '',
  },
  'GET /history/detail': {
    honoured:
      'deserializeValues variableUpdates processInstanceId processInstanceIdIn executionId taskId activityInstanceId variableInstanceId variableTypeIn variableNameLike formFields initial occurredBefore occurredAfter sortBy sortOrder firstResult maxResults',
    notSupported:
      'caseInstanceId caseExecutionId tenantIdIn withoutTenantId userOperationId excludeTaskDetails',
  },
  'GET /history/detail/count': {
    honoured:
      'variableUpdates processInstanceId processInstanceIdIn executionId taskId activityInstanceId variableInstanceId variableTypeIn variableNameLike formFields initial occurredBefore occurredAfter',
    notSupported:
      'caseInstanceId caseExecutionId tenantIdIn withoutTenantId userOperationId excludeTaskDetails',
  },
  'GET /history/external-task-log': {
    honoured:
      'logId externalTaskId topicName workerId errorMessage activityIdIn activityInstanceIdIn executionIdIn processInstanceId processDefinitionId processDefinitionKey tenantIdIn priorityLowerThanOrEquals priorityHigherThanOrEquals creationLog failureLog successLog deletionLog sortBy sortOrder firstResult maxResults',
    notSupported: 'withoutTenantId',
  },
  'GET /history/external-task-log/count': {
    honoured:
      'logId externalTaskId topicName workerId errorMessage activityIdIn activityInstanceIdIn executionIdIn processInstanceId processDefinitionId processDefinitionKey tenantIdIn priorityLowerThanOrEquals priorityHigherThanOrEquals creationLog failureLog successLog deletionLog',
    notSupported: 'withoutTenantId',
  },
  'GET /history/identity-link-log': {
    honoured:
      'type userId groupId dateBefore dateAfter taskId processDefinitionId processDefinitionKey operationType assignerId sortBy sortOrder firstResult maxResults',
    notSupported: 'tenantIdIn withoutTenantId',
  },
  'GET /history/identity-link-log/count': {
    honoured:
      'type userId groupId dateBefore dateAfter taskId processDefinitionId processDefinitionKey operationType assignerId',
    notSupported: 'tenantIdIn withoutTenantId',
  },
  'GET /history/incident': {
    honoured:
      'incidentId incidentType incidentMessage incidentMessageLike processDefinitionId processInstanceId executionId activityId configuration open resolved deleted sortBy sortOrder firstResult maxResults',
    notSupported:
      'processDefinitionKey processDefinitionKeyIn createTimeBefore createTimeAfter endTimeBefore endTimeAfter failedActivityId causeIncidentId rootCauseIncidentId historyConfiguration tenantIdIn withoutTenantId jobDefinitionIdIn',
  },
  'GET /history/incident/count': {
    honoured:
      'incidentId incidentType incidentMessage incidentMessageLike processDefinitionId processInstanceId executionId activityId configuration open resolved deleted',
    notSupported:
      'processDefinitionKey processDefinitionKeyIn createTimeBefore createTimeAfter endTimeBefore endTimeAfter failedActivityId causeIncidentId rootCauseIncidentId historyConfiguration tenantIdIn withoutTenantId jobDefinitionIdIn',
  },
  'GET /history/job-log': {
    honoured:
      'logId jobId jobExceptionMessage jobDefinitionId jobDefinitionType jobDefinitionConfiguration activityIdIn failedActivityIdIn executionIdIn processInstanceId processDefinitionId processDefinitionKey deploymentId tenantIdIn withoutTenantId hostname jobPriorityLowerThanOrEquals jobPriorityHigherThanOrEquals creationLog failureLog successLog deletionLog sortBy sortOrder firstResult maxResults',
    notSupported: '',
  },
  'GET /history/job-log/count': {
    honoured:
      'logId jobId jobExceptionMessage jobDefinitionId jobDefinitionType jobDefinitionConfiguration activityIdIn failedActivityIdIn executionIdIn processInstanceId processDefinitionId processDefinitionKey deploymentId tenantIdIn withoutTenantId hostname jobPriorityLowerThanOrEquals jobPriorityHigherThanOrEquals creationLog failureLog successLog deletionLog',
    notSupported: '',
  },
  'GET /history/process-instance': {
    honoured:
      'sortBy sortOrder firstResult maxResults processInstanceId processInstanceIds processDefinitionId processDefinitionKey processInstanceBusinessKey processInstanceBusinessKeyLike finished unfinished superProcessInstanceId variables',
    notSupported:
      'processInstanceIdNotIn processDefinitionKeyIn processDefinitionName processDefinitionNameLike processDefinitionKeyNotIn processInstanceBusinessKeyIn rootProcessInstances rootProcessInstanceId withJobsRetrying withIncidents withRootIncidents incidentIdIn incidentType incidentStatus incidentMessage incidentMessageLike startedBefore startedAfter finishedBefore finishedAfter executedActivityAfter executedActivityBefore executedJobAfter executedJobBefore startedBy subProcessInstanceId superCaseInstanceId subCaseInstanceId caseInstanceId tenantIdIn withoutTenantId activityIdIn executedActivityIdIn activeActivityIdIn active suspended completed externallyTerminated internallyTerminated variableNamesIgnoreCase variableValuesIgnoreCase',
  },
  'GET /history/process-instance/count': {
    honoured:
      'processInstanceId processInstanceIds processDefinitionId processDefinitionKey processInstanceBusinessKey processInstanceBusinessKeyLike finished unfinished superProcessInstanceId variables',
    notSupported:
      'processInstanceIdNotIn processDefinitionKeyIn processDefinitionName processDefinitionNameLike processDefinitionKeyNotIn processInstanceBusinessKeyIn rootProcessInstances rootProcessInstanceId withJobsRetrying withIncidents withRootIncidents incidentIdIn incidentType incidentStatus incidentMessage incidentMessageLike startedBefore startedAfter finishedBefore finishedAfter executedActivityAfter executedActivityBefore executedJobAfter executedJobBefore startedBy subProcessInstanceId superCaseInstanceId subCaseInstanceId caseInstanceId tenantIdIn withoutTenantId activityIdIn executedActivityIdIn activeActivityIdIn active suspended completed externallyTerminated internallyTerminated variableNamesIgnoreCase variableValuesIgnoreCase',
  },
  'GET /history/process-instance/report': {
    honoured: 'reportType periodUnit processDefinitionIdIn processDefinitionKeyIn startedBefore startedAfter',
    notSupported: '',
  },
  'GET /history/task': {
    honoured:
      'taskId processInstanceId processInstanceBusinessKey executionId processDefinitionId processDefinitionKey taskName taskNameLike taskDefinitionKey taskDefinitionKeyIn taskDeleteReason taskAssignee taskOwner assigned unassigned finished unfinished sortBy sortOrder firstResult maxResults',
    notSupported:
      'taskParentTaskId rootProcessInstanceId processInstanceBusinessKeyIn processInstanceBusinessKeyLike processDefinitionName caseInstanceId caseExecutionId caseDefinitionId caseDefinitionKey caseDefinitionName activityInstanceIdIn taskDescription taskDescriptionLike taskDeleteReasonLike taskAssigneeLike taskOwnerLike taskPriority processFinished processUnfinished taskDueDate taskDueDateBefore taskDueDateAfter withoutTaskDueDate taskFollowUpDate taskFollowUpDateBefore taskFollowUpDateAfter startedBefore startedAfter finishedBefore finishedAfter tenantIdIn withoutTenantId taskVariables processVariables variableNamesIgnoreCase variableValuesIgnoreCase taskInvolvedUser taskInvolvedGroup taskHadCandidateUser taskHadCandidateGroup withCandidateGroups withoutCandidateGroups',
  },
  'GET /history/task/count': {
    honoured:
      'taskId processInstanceId processInstanceBusinessKey executionId processDefinitionId processDefinitionKey taskName taskNameLike taskDefinitionKey taskDefinitionKeyIn taskDeleteReason taskAssignee taskOwner assigned unassigned finished unfinished',
    notSupported:
      'taskParentTaskId rootProcessInstanceId processInstanceBusinessKeyIn processInstanceBusinessKeyLike processDefinitionName caseInstanceId caseExecutionId caseDefinitionId caseDefinitionKey caseDefinitionName activityInstanceIdIn taskDescription taskDescriptionLike taskDeleteReasonLike taskAssigneeLike taskOwnerLike taskPriority processFinished processUnfinished taskDueDate taskDueDateBefore taskDueDateAfter withoutTaskDueDate taskFollowUpDate taskFollowUpDateBefore taskFollowUpDateAfter startedBefore startedAfter finishedBefore finishedAfter tenantIdIn withoutTenantId taskVariables processVariables variableNamesIgnoreCase variableValuesIgnoreCase taskInvolvedUser taskInvolvedGroup taskHadCandidateUser taskHadCandidateGroup withCandidateGroups withoutCandidateGroups',
  },
  'GET /history/user-operation': {
    honoured:
      'deploymentId processDefinitionId processDefinitionKey processInstanceId executionId taskId externalTaskId userId operationId operationType entityType entityTypeIn category categoryIn property afterTimestamp beforeTimestamp sortBy sortOrder firstResult maxResults',
    notSupported: 'caseDefinitionId caseInstanceId caseExecutionId batchId jobId jobDefinitionId',
  },
  'GET /history/user-operation/count': {
    honoured:
      'deploymentId processDefinitionId processDefinitionKey processInstanceId executionId taskId externalTaskId userId operationId operationType entityType entityTypeIn category categoryIn property afterTimestamp beforeTimestamp',
    notSupported: 'caseDefinitionId caseInstanceId caseExecutionId batchId jobId jobDefinitionId',
  },
  'GET /history/variable-instance': {
    honoured:
      'deserializeValues variableName variableNameLike variableNameIn variableValue processInstanceId processInstanceIdIn processDefinitionId processDefinitionKey executionIdIn taskIdIn activityInstanceIdIn tenantIdIn withoutTenantId sortBy sortOrder firstResult maxResults',
    notSupported:
      'variableNamesIgnoreCase variableValuesIgnoreCase variableTypeIn includeDeleted caseInstanceId caseExecutionIdIn caseActivityIdIn',
  },
  'GET /history/variable-instance/count': {
    honoured:
      'variableName variableNameLike variableNameIn variableValue processInstanceId processInstanceIdIn processDefinitionId processDefinitionKey executionIdIn taskIdIn activityInstanceIdIn tenantIdIn withoutTenantId',
    notSupported:
      'variableNamesIgnoreCase variableValuesIgnoreCase variableTypeIn includeDeleted caseInstanceId caseExecutionIdIn caseActivityIdIn',
  },
  'GET /identity/groups': {
    honoured: 'userId',
    notSupported: '',
  },
  'GET /incident': {
    honoured:
      'incidentId incidentType processDefinitionId processInstanceId executionId activityId configuration firstResult maxResults',
    notSupported:
      'incidentMessage incidentMessageLike processDefinitionKeyIn incidentTimestampBefore incidentTimestampAfter failedActivityId causeIncidentId rootCauseIncidentId tenantIdIn jobDefinitionIdIn sortBy sortOrder',
  },
  'GET /incident/count': {
    honoured:
      'incidentId incidentType processDefinitionId processInstanceId executionId activityId configuration',
    notSupported:
      'incidentMessage incidentMessageLike processDefinitionKeyIn incidentTimestampBefore incidentTimestampAfter failedActivityId causeIncidentId rootCauseIncidentId tenantIdIn jobDefinitionIdIn',
  },
  'GET /job': {
    honoured:
      'jobId processInstanceId executionId processDefinitionId processDefinitionKey activityId withRetriesLeft executable timers messages withException noRetriesLeft firstResult maxResults',
    notSupported:
      'jobIds jobDefinitionId processInstanceIds dueDates createTimes exceptionMessage failedActivityId active suspended priorityLowerThanOrEquals priorityHigherThanOrEquals tenantIdIn withoutTenantId includeJobsWithoutTenantId acquired sortBy sortOrder',
  },
  'GET /job-definition': {
    honoured:
      'jobDefinitionId activityIdIn processDefinitionId processDefinitionKey active suspended jobType jobConfiguration withOverridingJobPriority tenantIdIn withoutTenantId includeJobDefinitionsWithoutTenantId sortBy sortOrder firstResult maxResults',
    notSupported: '',
  },
  'GET /job-definition/count': {
    honoured:
      'jobDefinitionId activityIdIn processDefinitionId processDefinitionKey active suspended jobType jobConfiguration withOverridingJobPriority tenantIdIn withoutTenantId includeJobDefinitionsWithoutTenantId',
    notSupported: '',
  },
  'GET /job/count': {
    honoured:
      'jobId processInstanceId executionId processDefinitionId processDefinitionKey activityId withRetriesLeft executable timers messages withException noRetriesLeft',
    notSupported:
      'jobIds jobDefinitionId processInstanceIds dueDates createTimes exceptionMessage failedActivityId active suspended priorityLowerThanOrEquals priorityHigherThanOrEquals tenantIdIn withoutTenantId includeJobsWithoutTenantId acquired',
  },
  'GET /metrics': {
    honoured: 'name startDate endDate firstResult maxResults interval',
    notSupported: 'reporter aggregateByReporter',
  },
  'GET /process-definition': {
    honoured:
      'processDefinitionId processDefinitionIdIn name nameLike deploymentId key keysIn keyLike version latestVersion resourceName versionTag sortBy sortOrder firstResult maxResults',
    notSupported:
      'deployedAfter deployedAt category categoryLike resourceNameLike startableBy active suspended incidentId incidentType incidentMessage incidentMessageLike tenantIdIn withoutTenantId includeProcessDefinitionsWithoutTenantId versionTagLike withoutVersionTag startableInTasklist notStartableInTasklist startablePermissionCheck',
  },
  'GET /process-definition/count': {
    honoured:
      'processDefinitionId processDefinitionIdIn name nameLike deploymentId key keysIn keyLike version latestVersion resourceName versionTag',
    notSupported:
      'deployedAfter deployedAt category categoryLike resourceNameLike startableBy active suspended incidentId incidentType incidentMessage incidentMessageLike tenantIdIn withoutTenantId includeProcessDefinitionsWithoutTenantId versionTagLike withoutVersionTag startableInTasklist notStartableInTasklist startablePermissionCheck',
  },
  'GET /process-definition/statistics': {
    honoured: 'failedJobs incidents incidentsForType',
    notSupported: 'rootIncidents',
  },
  'GET /process-instance': {
    honoured:
      'sortBy sortOrder firstResult maxResults processInstanceIds businessKey businessKeyLike processDefinitionId processDefinitionKey superProcessInstance variables',
    notSupported:
      'caseInstanceId processDefinitionKeyIn processDefinitionKeyNotIn deploymentId subProcessInstance superCaseInstance subCaseInstance active suspended withIncident incidentId incidentType incidentMessage incidentMessageLike tenantIdIn withoutTenantId processDefinitionWithoutTenantId activityIdIn rootProcessInstances rootProcessInstanceId leafProcessInstances variableNamesIgnoreCase variableValuesIgnoreCase',
  },
  'GET /process-instance/count': {
    honoured:
      'processInstanceIds businessKey businessKeyLike processDefinitionId processDefinitionKey superProcessInstance variables',
    notSupported:
      'caseInstanceId processDefinitionKeyIn processDefinitionKeyNotIn deploymentId subProcessInstance superCaseInstance subCaseInstance active suspended withIncident incidentId incidentType incidentMessage incidentMessageLike tenantIdIn withoutTenantId processDefinitionWithoutTenantId activityIdIn rootProcessInstances rootProcessInstanceId leafProcessInstances variableNamesIgnoreCase variableValuesIgnoreCase',
  },
  'GET /task': {
    honoured:
      'taskId processInstanceId processInstanceIdIn processInstanceBusinessKey processDefinitionId processDefinitionKey executionId tenantIdIn withoutTenantId assignee candidateGroup candidateUser includeAssignedTasks assigned unassigned taskDefinitionKey taskDefinitionKeyIn name nameLike dueAfter dueBefore withoutDueDate followUpAfter followUpBefore createdAfter createdBefore candidateGroups taskVariables processVariables sortBy sortOrder firstResult maxResults',
    notSupported:
      'taskIdIn processInstanceBusinessKeyExpression processInstanceBusinessKeyIn processInstanceBusinessKeyLike processInstanceBusinessKeyLikeExpression processDefinitionKeyIn processDefinitionName processDefinitionNameLike caseInstanceId caseInstanceBusinessKey caseInstanceBusinessKeyLike caseDefinitionId caseDefinitionKey caseDefinitionName caseDefinitionNameLike caseExecutionId activityInstanceIdIn assigneeExpression assigneeLike assigneeLikeExpression assigneeIn assigneeNotIn owner ownerExpression candidateGroupLike candidateGroupExpression candidateUserExpression involvedUser involvedUserExpression taskDefinitionKeyNotIn taskDefinitionKeyLike nameNotEqual nameNotLike description descriptionLike priority maxPriority minPriority dueDate dueDateExpression dueAfterExpression dueBeforeExpression followUpDate followUpDateExpression followUpAfterExpression followUpBeforeExpression followUpBeforeOrNotExistent followUpBeforeOrNotExistentExpression createdOn createdOnExpression createdAfterExpression createdBeforeExpression updatedAfter updatedAfterExpression delegationState candidateGroupsExpression withCandidateGroups withoutCandidateGroups withCandidateUsers withoutCandidateUsers active suspended caseInstanceVariables variableNamesIgnoreCase variableValuesIgnoreCase parentTaskId withCommentAttachmentInfo withTaskVariablesInReturn withTaskLocalVariablesInReturn',
  },
  'GET /task/count': {
    honoured:
      'taskId processInstanceId processInstanceIdIn processInstanceBusinessKey processDefinitionId processDefinitionKey executionId tenantIdIn withoutTenantId assignee candidateGroup candidateUser includeAssignedTasks assigned unassigned taskDefinitionKey taskDefinitionKeyIn name nameLike dueAfter dueBefore withoutDueDate followUpAfter followUpBefore createdAfter createdBefore candidateGroups taskVariables processVariables',
    notSupported:
      'taskIdIn processInstanceBusinessKeyExpression processInstanceBusinessKeyIn processInstanceBusinessKeyLike processInstanceBusinessKeyLikeExpression processDefinitionKeyIn processDefinitionName processDefinitionNameLike caseInstanceId caseInstanceBusinessKey caseInstanceBusinessKeyLike caseDefinitionId caseDefinitionKey caseDefinitionName caseDefinitionNameLike caseExecutionId activityInstanceIdIn assigneeExpression assigneeLike assigneeLikeExpression assigneeIn assigneeNotIn owner ownerExpression candidateGroupLike candidateGroupExpression candidateUserExpression involvedUser involvedUserExpression taskDefinitionKeyNotIn taskDefinitionKeyLike nameNotEqual nameNotLike description descriptionLike priority maxPriority minPriority dueDate dueDateExpression dueAfterExpression dueBeforeExpression followUpDate followUpDateExpression followUpAfterExpression followUpBeforeExpression followUpBeforeOrNotExistent followUpBeforeOrNotExistentExpression createdOn createdOnExpression createdAfterExpression createdBeforeExpression updatedAfter updatedAfterExpression delegationState candidateGroupsExpression withCandidateGroups withoutCandidateGroups withCandidateUsers withoutCandidateUsers active suspended caseInstanceVariables variableNamesIgnoreCase variableValuesIgnoreCase parentTaskId withCommentAttachmentInfo withTaskVariablesInReturn withTaskLocalVariablesInReturn',
  },
  'GET /tenant': {
    honoured:
      'sortBy sortOrder firstResult maxResults id name nameLike userMember groupMember includingGroupsOfUser',
    notSupported: '',
  },
  'GET /tenant/count': {
    honoured: 'id name nameLike userMember groupMember includingGroupsOfUser',
    notSupported: '',
  },
  'GET /user': {
    honoured:
      'id idIn firstName firstNameLike lastName lastNameLike email emailLike memberOfGroup sortBy sortOrder firstResult maxResults',
    notSupported: 'memberOfTenant potentialStarter',
  },
  'GET /user/count': {
    honoured: 'id idIn firstName firstNameLike lastName lastNameLike email emailLike memberOfGroup',
    notSupported: 'memberOfTenant potentialStarter',
  },
  'GET /variable-instance': {
    honoured:
      'deserializeValues variableName variableNameLike processInstanceIdIn executionIdIn taskIdIn sortBy sortOrder firstResult maxResults',
    notSupported:
      'caseInstanceIdIn caseExecutionIdIn batchIdIn activityInstanceIdIn tenantIdIn variableValues variableNamesIgnoreCase variableValuesIgnoreCase variableScopeIdIn',
  },
  'GET /variable-instance/count': {
    honoured: 'variableName variableNameLike processInstanceIdIn executionIdIn taskIdIn',
    notSupported:
      'caseInstanceIdIn caseExecutionIdIn batchIdIn activityInstanceIdIn tenantIdIn variableValues variableNamesIgnoreCase variableValuesIgnoreCase variableScopeIdIn',
  },
  'POST /execution': {
    honoured: 'firstResult maxResults',
    notSupported: '',
  },
  'POST /external-task': {
    honoured: 'firstResult maxResults',
    notSupported: '',
  },
  'POST /group': {
    honoured: 'firstResult maxResults',
    notSupported: '',
  },
  'POST /history/activity-instance': {
    honoured: 'firstResult maxResults',
    notSupported: '',
  },
  'POST /history/cleanup': {
    honoured: '',
    notSupported: 'immediatelyDue',
  },
  'POST /history/detail': {
    honoured: 'deserializeValues firstResult maxResults',
    notSupported: '',
  },
  'POST /history/job-log': {
    honoured: 'firstResult maxResults',
    notSupported: '',
  },
  'POST /history/process-instance': {
    honoured: 'firstResult maxResults',
    notSupported: '',
  },
  'POST /history/task': {
    honoured: 'firstResult maxResults',
    notSupported: '',
  },
  'POST /history/variable-instance': {
    honoured: 'deserializeValues firstResult maxResults',
    notSupported: '',
  },
  'POST /job': {
    honoured: 'firstResult maxResults',
    notSupported: '',
  },
  'POST /job-definition': {
    honoured: 'firstResult maxResults',
    notSupported: '',
  },
  'POST /process-instance': {
    honoured: 'firstResult maxResults',
    notSupported: '',
  },
  'POST /task': {
    honoured: 'firstResult maxResults',
    notSupported: '',
  },
  'POST /variable-instance': {
    honoured: 'deserializeValues firstResult maxResults',
    notSupported: '',
  },
};

/**
 * Honoured parameters the route need not read, and why: what they ask for holds for every answer
 * the engine gives (the test of the table skips them when it checks that routes read their
 * honoured parameters).
 */
const SERIALIZED =
  'values are always answered serialized, as deserializeValues=false asks (engine/README.md, Json variables against Camunda 7.24)';
const NO_LISTENERS = {
  skipCustomListeners: 'a deletion runs no execution or task listeners (only =true is honoured)',
  skipIoMappings: 'a deletion runs no output mappings (only =true is honoured)',
};
const NO_FORM_FIELDS = {
  variableNames: 'a Camunda Form declares no generated form fields: the answer is empty for any names',
  deserializeValues: SERIALIZED,
};
export const HONOURED_WITHOUT_READING: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'DELETE /deployment/{id}': NO_LISTENERS,
  'DELETE /process-definition/key/{key}': NO_LISTENERS,
  'DELETE /process-definition/{id}': NO_LISTENERS,
  'DELETE /process-instance/{id}': {
    ...NO_LISTENERS,
    skipSubprocesses:
      'a deletion always deletes the instances its call activities started (only =false is honoured)',
  },
  'GET /execution/{id}/localVariables': { deserializeValues: SERIALIZED },
  'GET /execution/{id}/localVariables/{varName}': { deserializeValue: SERIALIZED },
  'GET /history/detail/{id}': { deserializeValue: SERIALIZED },
  'GET /history/variable-instance/{id}': { deserializeValues: SERIALIZED },
  'GET /process-definition/key/{key}/form-variables': NO_FORM_FIELDS,
  'GET /process-definition/{id}/form-variables': NO_FORM_FIELDS,
  'GET /process-instance/{id}/variables': { deserializeValues: SERIALIZED },
  'GET /process-instance/{id}/variables/{varName}': { deserializeValue: SERIALIZED },
  'GET /task/{id}/form-variables': { deserializeValues: SERIALIZED },
  'GET /task/{id}/localVariables': { deserializeValues: SERIALIZED },
  'GET /task/{id}/localVariables/{varName}': { deserializeValue: SERIALIZED },
  'GET /task/{id}/variables': { deserializeValues: SERIALIZED },
  'GET /task/{id}/variables/{varName}': { deserializeValue: SERIALIZED },
  'GET /variable-instance/{id}': { deserializeValue: SERIALIZED },
  'GET /history/detail': {
    variableUpdates: 'every history detail written is a variable update',
    deserializeValues: SERIALIZED,
  },
  'GET /history/detail/count': { variableUpdates: 'every history detail written is a variable update' },
  'GET /history/variable-instance': { deserializeValues: SERIALIZED },
  'GET /variable-instance': { deserializeValues: SERIALIZED },
  'POST /history/detail': { deserializeValues: SERIALIZED },
  'POST /history/variable-instance': { deserializeValues: SERIALIZED },
  'POST /variable-instance': { deserializeValues: SERIALIZED },
};

/**
 * The JSON body of each implemented POST query (Camunda's `…QueryDto`). Its properties are the
 * GET twin's query parameters under the same names (query-body.ts turns the body into them; the
 * task and group queries read both alike), so they are honoured or refused as the twin's row of
 * the table above says: one table for both. `sorting` is the twin's `sortBy`/`sortOrder` (refused
 * where the twin refuses `sortBy`; one sort key only). Listed here: the properties the GET twin
 * has no parameter for (`orQueries`). engine/test/supported-body-properties.test.ts checks this
 * against the document's request-body schemas, that every refused property gets 400 and that the
 * route reads every honoured one.
 */
export const BODY_ONLY_PROPERTIES: Readonly<Record<string, OperationParameters>> = {
  'POST /execution': { honoured: '', notSupported: '' },
  'POST /execution/count': { honoured: '', notSupported: '' },
  'POST /external-task': { honoured: '', notSupported: '' },
  'POST /external-task/count': { honoured: '', notSupported: '' },
  'POST /group': { honoured: '', notSupported: '' },
  'POST /group/count': { honoured: '', notSupported: '' },
  'POST /history/activity-instance': { honoured: '', notSupported: '' },
  'POST /history/activity-instance/count': { honoured: '', notSupported: '' },
  'POST /history/detail': { honoured: '', notSupported: '' },
  'POST /history/external-task-log': { honoured: '', notSupported: '' },
  'POST /history/external-task-log/count': { honoured: '', notSupported: '' },
  'POST /history/job-log': { honoured: '', notSupported: '' },
  'POST /history/job-log/count': { honoured: '', notSupported: '' },
  'POST /history/process-instance': { honoured: '', notSupported: 'orQueries' },
  'POST /history/process-instance/count': { honoured: '', notSupported: 'orQueries' },
  'POST /history/task': { honoured: '', notSupported: 'orQueries' },
  'POST /history/task/count': { honoured: '', notSupported: 'orQueries' },
  'POST /history/variable-instance': { honoured: '', notSupported: '' },
  'POST /history/variable-instance/count': { honoured: '', notSupported: '' },
  'POST /job': { honoured: '', notSupported: '' },
  'POST /job/count': { honoured: '', notSupported: '' },
  'POST /job-definition': { honoured: '', notSupported: '' },
  'POST /job-definition/count': { honoured: '', notSupported: '' },
  'POST /process-instance': { honoured: '', notSupported: 'orQueries' },
  'POST /process-instance/count': { honoured: '', notSupported: 'orQueries' },
  'POST /task': { honoured: 'orQueries', notSupported: '' },
  'POST /task/count': { honoured: 'orQueries', notSupported: '' },
  'POST /variable-instance': { honoured: '', notSupported: '' },
  'POST /variable-instance/count': { honoured: '', notSupported: '' },
};

/** `POST /task/count` → `GET /task/count`: the operation whose parameters a body property is. */
export const getTwinOf = (operation: string): string => operation.replace(/^POST /, 'GET ');

/** The names of a space-separated table cell (`name=value` → `name`). */
export const namesOf = (cell: string): string[] =>
  cell
    .split(' ')
    .filter(Boolean)
    .map((n) => n.split('=')[0]!);

/** The `name=value` entries of a cell: parameters honoured with that value only. */
export const onlyValuesOf = (cell: string): Map<string, string> =>
  new Map(
    cell
      .split(' ')
      .filter((n) => n.includes('='))
      .map((n) => n.split('=') as [string, string]),
  );

const NOT_SUPPORTED = new Map(
  Object.entries(SUPPORTED_QUERY_PARAMETERS).map(([op, p]) => [op, new Set(namesOf(p.notSupported))]),
);
const ONLY_VALUES = new Map(
  Object.entries(SUPPORTED_QUERY_PARAMETERS)
    .map(([op, p]) => [op, onlyValuesOf(p.honoured)] as const)
    .filter(([, only]) => only.size > 0),
);

/** The body properties a POST query refuses: its twin's refused parameters, and its own. */
export function refusedBodyProperties(operation: string): Set<string> {
  const twin = NOT_SUPPORTED.get(getTwinOf(operation)) ?? new Set<string>();
  return new Set([
    ...twin,
    ...(twin.has('sortBy') ? ['sorting'] : []),
    ...namesOf(BODY_ONLY_PROPERTIES[operation]?.notSupported ?? ''),
  ]);
}

const BODY_NOT_SUPPORTED = new Map(
  Object.keys(BODY_ONLY_PROPERTIES).map((op) => [op, refusedBodyProperties(op)]),
);

/**
 * Answers 400 `InvalidRequestException` for a property of a POST query's JSON body (or of one of
 * its `orQueries`) that the table refuses for the matched operation. Called by the POST query
 * handlers with the parsed body before they read it (a Koa middleware cannot see the body
 * without consuming it). `queryOf`: the body is that operation's query, not the matched one's
 * (a task filter's saved query and its extension are `POST /task` bodies).
 */
export function refuseUnsupportedBody(
  ctx: Context,
  body: Record<string, unknown>,
  options: { queryOf?: string } = {},
): void {
  const route = (ctx as unknown as { _matchedRoute?: string })._matchedRoute;
  const operation = route ? `${ctx.method} ${camundaTemplate(route)}` : undefined;
  const refused = BODY_NOT_SUPPORTED.get(options.queryOf ?? operation ?? '');
  if (!operation || !refused) return;
  const check = (o: Record<string, unknown>) => {
    for (const name of Object.keys(o))
      if (refused.has(name) && o[name] !== undefined && o[name] !== null)
        throw new InvalidArgumentError(`Body property '${name}' is not supported by ${operation}`);
  };
  check(body);
  // One sort key is applied (ties broken by id): a second one would be dropped.
  if (Array.isArray(body.sorting) && body.sorting.length > 1)
    throw new InvalidArgumentError(`Sorting by more than one property is not supported by ${operation}`);
  if (Array.isArray(body.orQueries))
    for (const entry of body.orQueries as unknown[])
      if (entry && typeof entry === 'object') check(entry as Record<string, unknown>);
}

/**
 * Implemented operations whose query parameters are not checked yet (a follow-up of issue 11):
 * none — every implemented operation the document gives query parameters is in the table.
 */
export const OPERATIONS_NOT_YET_CHECKED: readonly string[] = [];

/** Layer paths already rewritten: at most one entry per registered route. */
const templates = new Map<string, string>();

/** `GET /task` of a koa-router layer path `/engine-rest/task/:id` → `/task/{id}`. */
export function camundaTemplate(layerPath: string): string {
  let template = templates.get(layerPath);
  if (template === undefined)
    templates.set(layerPath, (template = layerPath.replace(/^\/engine-rest/, '').replace(/:(\w+)/g, '{$1}')));
  return template;
}

/**
 * Answers 400 `InvalidRequestException` for a query parameter the OpenAPI document lists for the
 * matched operation but the engine does not honour. Runs before the router, so nothing is read
 * or changed for a refused request.
 */
export function supportedParameters(router: Router): Middleware {
  return async (ctx, next) => {
    // Only query parameters are checked: without any (most calls) there is no route to look up.
    if (ctx.querystring === '') return next();
    // The most literal matching route: `/incident/count` over `/incident/:id` (whose handler
    // passes `count` on), as JAX-RS prefers literal paths; the first of equals, in stack order.
    const method = ctx.method;
    let layer: Layer | undefined;
    let fewest = Infinity;
    for (const l of router.match(ctx.path, method).pathAndMethod) {
      if (!l.methods.includes(method)) continue;
      const params = l.paramNames.length;
      if (params < fewest) [layer, fewest] = [l, params];
    }
    if (layer === undefined) return next();
    const operation = `${method} ${camundaTemplate(String(layer.path))}`;
    const refused = NOT_SUPPORTED.get(operation);
    if (refused) {
      for (const name of Object.keys(ctx.query))
        if (refused.has(name))
          throw new InvalidArgumentError(`Query parameter '${name}' is not supported by ${operation}`);
    }
    const only = ONLY_VALUES.get(operation);
    if (only)
      for (const [name, value] of only) {
        const given = ctx.query[name];
        if (given !== undefined && String(given).toLowerCase() !== value)
          throw new InvalidArgumentError(
            `Query parameter '${name}' is not supported by ${operation} except as ${name}=${value}`,
          );
      }
    await next();
  };
}
