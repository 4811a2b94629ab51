export * from './load-catalogue.js';
export * from './procedure-metadata.js';
export * from './form-refs.js';
