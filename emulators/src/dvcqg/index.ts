export * from './dvcqg-emulator.js';
export * from './dvcqg-state.js';
