export * from './topics.js';
export * from './catalogue/index.js';
