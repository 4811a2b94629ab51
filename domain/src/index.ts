export * from './errors/errors.js';
export * from './logging/logger.js';
export * from './config/env.js';
export * from './testing/service-gate.js';
export * from './dossier/status.js';
export * from './dossier/dossier-code.js';
export * from './calendar/index.js';
export * from './camunda/dto.js';
