export { startPortal, type StartPortalOptions, type RunningPortal } from './start-portal.js';
export { loadPortalConfig, type PortalConfig } from './config.js';
export { html, raw, escapeHtml, type SafeHtml } from './http/html.js';
export { deriveDossierProgress, type DossierProgress } from './dossiers/dossier-status.js';
export { DEMO_ACCOUNTS } from './auth/demo-accounts.js';
export {
  lintDeployment,
  checkBpmnInput,
  BpmnInputError,
  DEFAULT_MAX_BPMN_BYTES,
  DEFAULT_LINT_TIMEOUT_MS,
  type LintDeploymentInput,
  type LintMessage,
  type LintResult,
} from './studio-lint/lint-deployment.js';
