export { startPortal, type StartPortalOptions, type RunningPortal } from './start-portal.js';
export { loadPortalConfig, type PortalConfig } from './config.js';
export { html, raw, escapeHtml, type SafeHtml } from './http/html.js';
export { deriveDossierProgress, type DossierProgress } from './dossiers/dossier-status.js';
export { DEMO_ACCOUNTS } from './auth/demo-accounts.js';
