export * from './topics.js';
export * from './catalogue/index.js';
export * from './generator/index.js';
export * from './deadlines/index.js';
export * from './skeleton-contract.js';
export * from './coverage/index.js';
