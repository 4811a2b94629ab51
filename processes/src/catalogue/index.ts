export * from './catalogue-error.js';
export * from './load-catalogue.js';
export * from './load-descriptions.js';
export * from './procedure-description.js';
export * from './form-refs.js';
export * from './import/import-procedures.js';
export * from './published-catalogue.js';
