export { startEngine, type StartEngineOptions, type RunningEngine } from './start-engine.js';
export { TestClock, systemClock, type Clock } from './runtime/clock.js';
export { loadEngineConfig, restSecurityOf, type EngineConfig } from './config.js';
export { compileExpression, evaluateCondition, ExpressionError } from './expressions/index.js';
export { parseBpmn, BpmnParseError } from './bpmn/parse-bpmn.js';
export { formatCamundaDate, parseCamundaDate } from './variables/typed-value.js';
export type { RestCredentials, RestSecurity } from './rest/security.js';
