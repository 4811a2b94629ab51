/**
 * Local emulators of the systems motcua talks to (payment gateway, SMTP, SMS, the national
 * portal). Each lives in its own folder and is exported here. They run in development (`npm
 * start` mounts them under `/gia-lap/`) and in tests, over real HTTP or SMTP; production never
 * starts them.
 */
export const EMULATORS_MOUNT_PATH = '/gia-lap';
export * from './dvcqg/index.js';

/** VNPay (payment URL 2.1.0, IPN, querydr): mounted at `/gia-lap/vnpay` under `npm start`. */
export * from './vnpay/index.js';
export const VNPAY_EMULATOR_PATH = `${EMULATORS_MOUNT_PATH}/vnpay`;
export * from './smtp/index.js';
export * from './sms/index.js';
