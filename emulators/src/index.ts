/**
 * Local emulators of the systems motcua talks to (payment gateway, SMTP, SMS, the national
 * portal). Each lives in its own folder and is exported here. They run in development (`npm
 * start` mounts them under `/gia-lap/`) and in tests, over real HTTP or SMTP; production never
 * starts them.
 */
export const EMULATORS_MOUNT_PATH = '/gia-lap';
export * from './dvcqg/index.js';
