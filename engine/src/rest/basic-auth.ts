// HTTP Basic authentication now lives in security.ts (built-in administrator + engine users).
export type { RestCredentials } from './security.js';
