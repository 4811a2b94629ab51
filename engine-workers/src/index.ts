export * from './start-workers.js';
export * from './config.js';
export * from './runtime/define-handler.js';
export * from './runtime/retry-policy.js';
export * from './runtime/raise-incident.js';
export { WorkerRuntime, type WorkerRuntimeOptions, type TaskOutcome } from './runtime/worker-runtime.js';
export * from './dossier/receive-dossier.handler.js';
export * from './dossier/return-result.handler.js';
export * from './deadline/escalate-deadline.handler.js';
export * from './deadline/apology.handler.js';
export { HistoryFollower, type HistoryFollowerOptions } from './history/history-follower.js';
export { STATUS_EVENTS, type StatusEvent } from './history/status-events.js';
export * from './deadline/resume-clock.handler.js';
export * from './deadline/stop-notice.handler.js';
// Moved to @motcua/processes (the portal must not import the workers); re-exported for old callers.
export {
  DEFAULT_UNIT_CODE,
  loadPublishedCatalogue,
  type ExtraResource,
  type PublishedEntry,
  type PublishedCatalogueOptions,
} from '@motcua/processes';
export * from './deadline/start-main-clock.handler.js';
export * from './signing/sign-result.handler.js';
export {
  Pkcs11TokenSigner,
  SigningTokenError,
  type DocumentSigner,
  type TokenSignerConfig,
} from './signing/token-signer.js';
export { signPdf, verifyPdfSignature, type PadesOptions, type PdfSignatureCheck } from './signing/pades.js';
export {
  createDevToken,
  ensureDemoSigningToken,
  type DemoSigningEnv,
  type DevToken,
  type DevTokenOptions,
} from './signing/dev-token.js';
export {
  DEV_KEY_COMMON_NAME,
  ensureDevSoftwareKey,
  type DevSoftwareKey,
} from './signing/dev-software-key.js';
export { demoSigningSetup, type DemoSigningSetup } from './signing/demo-signing-setup.js';
export { renderResultPdf, type ResultDocumentData } from './documents/result-pdf.js';
export * from './national-portal/dvcqg-client.js';
export { DvcqgSyncWorker, type DvcqgSyncWorkerOptions } from './national-portal/dvcqg-sync-worker.js';
export { DVCQG_INCIDENT_TYPE, dvcqgIncidentConfiguration } from './national-portal/dvcqg-sync-incidents.js';
export { dvcqgDateTime } from './national-portal/dvcqg-payload.js';
export * from './notify/index.js';
export {
  DvcqgInboundPuller,
  DVCQG_APPLICANT_ID,
  type DvcqgInboundOptions,
} from './national-portal/dvcqg-inbound.js';
