export * from './iso-date.js';
export * from './vietnam-time.js';
export * from './holidays.js';
export * from './working-calendar.js';
export * from './lunar.js';
export * from './holiday-year.schema.js';
