// `@motcua/db/portal`: the portal's tables and stores, and the application records it shares
// with the workers (dossiers, their history and documents, notifications, payments, the national
// portal's sync, the calendar). No engine table: the portal asks the engine over REST.
export * from './portal/index.js';
export * from './admin/index.js';
export * from './studio/index.js';
export * from './sso/index.js';
export * from './reports/index.js';
export * from './payments/index.js';
export * from './calendar/index.js';
export * from './notify/index.js';
export * from './dvcqg/index.js';
export * from './workers/dossier-life-store.js';
