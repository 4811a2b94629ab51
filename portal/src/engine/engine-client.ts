/**
 * The portal's way to the engine is `@motcua/engine-client` (the Camunda 7 REST API over HTTP).
 * This module keeps the portal's older names for the package's types while the portal's features
 * move to importing the package directly; it declares no contract type of its own.
 */
export {
  EngineClient,
  EngineError,
  type ActivityInstanceDto as ActivityInstanceTree,
  type DeploymentFile,
  type DeploymentWithDefinitionsDto as DeploymentResult,
  type EngineAuth,
  type HistoricActivityInstanceDto as HistoricActivityInstance,
  type HistoricTaskInstanceDto as HistoricTask,
  type HistoricVariableInstanceDto as HistoricVariableInstance,
  type HistoricVariableUpdateDto as HistoricVariableUpdate,
  type ProcessDefinitionDto as ProcessDefinition,
  type TaskDto as EngineTask,
  type TaskQueryDto as TaskQueryBody,
} from '@motcua/engine-client';
