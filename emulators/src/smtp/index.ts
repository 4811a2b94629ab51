export * from './smtp-emulator.js';
