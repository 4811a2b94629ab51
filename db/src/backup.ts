// `@motcua/db/backup`: the whole installation's backup and restore (every table, the engine's
// too), for the operator's scripts only (`scripts/backup.mjs`, `scripts/restore.mjs`).
export * from './backup/index.js';
