export * from './db-url.js';
export * from './data-source.js';
export * from './engine/index.js';
export * from './portal/index.js';
export * from './workers/index.js';
export * from './calendar/index.js';
export * from './files/index.js';
export * from './studio/index.js';
