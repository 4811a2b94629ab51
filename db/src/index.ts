// What every package may use: the connection, the database URL, readiness checks and the shared
// file storage. The tables belong to their owners, each behind its own entry point (issue 11):
// `@motcua/db/engine` (the engine alone), `@motcua/db/portal`, `@motcua/db/workers`; the portal
// and the workers reach the engine's tables only through its REST API, and lint holds them to it
// (`eslint.config.js`).
export * from './db-url.js';
export * from './data-source.js';
export * from './files/file-store.js';
export * from './ops/database-readiness.js';
