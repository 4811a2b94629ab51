export * from './templates.js';
export * from './mail-sender.js';
export * from './sms-sender.js';
export * from './notification-sender.js';
export * from './task-reminders.js';
export * from './start-notifications.js';
