export * from './backup.js';
