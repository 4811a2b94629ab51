export * from './sms-emulator.js';
