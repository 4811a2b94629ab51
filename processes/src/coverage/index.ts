export * from './coverage-report.js';
export * from './coverage-markdown.js';
