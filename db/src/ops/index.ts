export * from './database-readiness.js';
export * from './outbox-backlog.js';
