// `@motcua/db/workers`: the workers' own tables and outboxes (numbering, a dossier's life,
// notifications, the national portal's sync, payments) and the portal's dossier records they
// update. No engine table: the workers reach the engine over REST.
export * from './workers/index.js';
export * from './notify/index.js';
export * from './dvcqg/index.js';
export * from './payments/index.js';
export * from './calendar/index.js';
export * from './ops/outbox-backlog.js';
export {
  AuditStore,
  DossierStore,
  PortalUserStore,
  type AuditEntry,
  type AuditRecord,
  type Dossier,
  type PortalUser,
} from './portal/portal-stores.js';
export * from './portal/dossier-attachment-store.js';
