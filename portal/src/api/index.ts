export * from './public-api.routes.js';
export * from './published-procedure.js';
