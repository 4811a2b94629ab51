/**
 * The token runtime's public face: what services, jobs, modification and migration call. The
 * runtime itself is split by responsibility:
 * - `token-flow.ts` — entering and leaving elements, taking flows, ending tokens and scopes;
 * - `behaviours/` — one module per element family (tasks, gateways, events, subprocesses, call
 *   activities, multi-instance), each kind registered in `behaviours/behaviour-table.ts`;
 * - `execution-tree.ts` — concurrent and scope executions, forking beside an activity, cancelling;
 * - `event-delivery.ts` — subscriptions, messages, signals and conditions reaching waiting elements;
 * - `timers-and-jobs.ts` — timer and async-continuation jobs and what runs when they are due;
 * - `process-instances.ts` — starting and ending process instances;
 * - `history.ts` — the history rows all of them write; `listeners.ts` — listener expressions.
 */
export { startProcessInstance, type StartOptions } from './process-instances.js';
export { enter, takeFlows, type EnterOptions } from './token-flow.js';
export {
  cancelActivity,
  destroyExecution,
  forkFromActivity,
  newChildScope,
  newConcurrentExecution,
} from './execution-tree.js';
export { fireListeners } from './listeners.js';
export { broadcastSignal, deliverMessage, evaluateConditionalEvents, subscribe } from './event-delivery.js';
export { createTimerJob, executeJobBehaviour, newJob, scheduleTimerStarts } from './timers-and-jobs.js';
export { completeUserTask } from './behaviours/user-task.js';
export {
  completeExternalTask,
  handleExternalTaskBpmnError,
  raiseTaskError,
} from './behaviours/external-task.js';
export { escalationBoundary, throwEscalation } from './behaviours/errors-and-escalations.js';
export { cancelCalledInstances } from './behaviours/call-activity.js';
export { armBoundaryEvents } from './behaviours/boundary-events.js';
export { armEventSubProcesses } from './behaviours/subprocesses.js';
export { signalExecution } from './behaviours/catch-events.js';
