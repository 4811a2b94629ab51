import Router from '@koa/router';
import type { SmsEmulator, SmtpEmulator } from '@motcua/emulators';
import { pageContext, type PortalState } from '../http/state.js';
import { mailboxPage, smsPage } from './emulator-pages.js';

/** The emulators whose messages the development pages list (started by startPortal in development). */
export interface DevEmulators {
  smtp?: SmtpEmulator;
  sms?: SmsEmulator;
}

/**
 * Development only (never mounted when NODE_ENV=production, see start-portal.ts): the messages
 * the local SMTP and SMS emulators received, for a tester to see every notification. No login:
 * the emulators only ever hold test messages.
 */
export function emulatorRoutes(e: DevEmulators): Router<PortalState> {
  const router = new Router<PortalState>();
  const noStore = (ctx: { set(k: string, v: string): void }) => ctx.set('Cache-Control', 'no-store');
  if (e.smtp) {
    const smtp = e.smtp;
    router.get('/gia-lap/hop-thu/', (ctx) => {
      noStore(ctx);
      ctx.type = 'html';
      ctx.body = mailboxPage(pageContext(ctx), smtp.messages()).toString();
    });
  }
  if (e.sms) {
    const sms = e.sms;
    router.get('/gia-lap/sms/', (ctx) => {
      noStore(ctx);
      ctx.type = 'html';
      ctx.body = smsPage(pageContext(ctx), sms.messages()).toString();
    });
  }
  return router;
}
