export * from './start-workers.js';
export * from './config.js';
export * from './runtime/define-handler.js';
export * from './runtime/retry-policy.js';
export { WorkerRuntime, type WorkerRuntimeOptions, type TaskOutcome } from './runtime/worker-runtime.js';
export * from './dossier/receive-dossier.handler.js';
export * from './dossier/return-result.handler.js';
