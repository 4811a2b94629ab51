import { SmsEmulator, SmtpEmulator } from '@motcua/emulators';
import type { DevEmulators } from './emulator.routes.js';

/** Starts the SMTP and SMS emulators `npm start` points the workers at (development only). */
export async function startDevEmulators(o: {
  smtpPort?: number | undefined;
  smsPort?: number | undefined;
  smsApiKey: string;
}): Promise<DevEmulators> {
  const e: DevEmulators = {};
  if (o.smtpPort !== undefined) e.smtp = await new SmtpEmulator({ port: o.smtpPort }).start();
  if (o.smsPort !== undefined)
    e.sms = await new SmsEmulator({ port: o.smsPort, apiKey: o.smsApiKey }).start();
  return e;
}
