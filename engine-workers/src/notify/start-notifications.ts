import { type DataSource } from '@motcua/db';
import { NotificationOutboxStore, NotificationPreferenceStore, PortalUserStore } from '@motcua/db/workers';
import type { Logger } from '@motcua/domain';
import type { CatalogueEntry } from '@motcua/processes';
import { describeSmtp, MailSender, type SmtpConfig } from './mail-sender.js';
import { NotificationSender } from './notification-sender.js';
import { SmsSender, type SmsConfig } from './sms-sender.js';
import { TaskReminders } from './task-reminders.js';
import type { EngineRest } from './engine-rest.js';

/** The notifications' settings (engine-workers README, "Notifications"). */
export interface NotificationsOptions {
  /** E-mail over SMTP; absent: e-mail messages fail visibly ("not configured"). */
  smtp?: SmtpConfig;
  /** The brand-name SMS gateway; absent: SMS messages fail visibly. */
  sms?: SmsConfig;
  /** The portal's public address for the links in the messages. */
  portalUrl: string;
  /** Outbox pass interval, ms (0 = no sender in this process). Default 2000. */
  pollMs?: number;
  /** Attempts before a message is `failed`. Default 6. */
  maxAttempts?: number;
  /** First retry wait, ms (doubling). Default 30 000. */
  backoffMs?: number;
  /** Longest retry wait, ms. Default 3 600 000. */
  backoffMaxMs?: number;
  /** Claim lease, ms. Default 120 000. */
  leaseMs?: number;
  /** Officers' near-due reminders: pass interval, ms (0 = off). Default 15 minutes. */
  reminderPollMs?: number;
  /** Tasks due within this many ms are reminded of. Default 24 h. */
  reminderHorizonMs?: number;
}

export interface RunningNotifications {
  sender: NotificationSender | undefined;
  reminders: TaskReminders | undefined;
  close(): Promise<void>;
}

/** Starts the outbox sender and the officers' reminders of this workers process. */
export function startNotifications(
  o: NotificationsOptions,
  deps: {
    ds: DataSource;
    engine: EngineRest;
    catalogue: CatalogueEntry[];
    logger: Logger;
    owner: string;
    clock?: () => Date;
  },
): RunningNotifications {
  const outbox = new NotificationOutboxStore(deps.ds);
  const users = new PortalUserStore(deps.ds);
  const mail = o.smtp ? new MailSender(o.smtp) : undefined;
  const log = deps.logger.child({ component: 'notifications' });
  log.info(
    { smtp: o.smtp ? describeSmtp(o.smtp) : null, sms: o.sms ? new URL(o.sms.url).origin : null },
    'notifications configured',
  );
  const clock = deps.clock ? { clock: deps.clock } : {};
  const sender =
    o.pollMs === 0
      ? undefined
      : new NotificationSender({
          outbox,
          facts: {
            engine: deps.engine,
            catalogue: deps.catalogue,
            portalUrl: o.portalUrl,
            displayName: async (id) => (await users.findById(id))?.displayName ?? null,
          },
          ...(mail ? { mail } : {}),
          ...(o.sms ? { sms: new SmsSender(o.sms) } : {}),
          logger: deps.logger,
          owner: deps.owner,
          ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}),
          ...(o.maxAttempts !== undefined ? { maxAttempts: o.maxAttempts } : {}),
          ...(o.backoffMs !== undefined ? { backoffMs: o.backoffMs } : {}),
          ...(o.backoffMaxMs !== undefined ? { backoffMaxMs: o.backoffMaxMs } : {}),
          ...(o.leaseMs !== undefined ? { leaseMs: o.leaseMs } : {}),
          ...clock,
        });
  const reminders =
    o.reminderPollMs === 0
      ? undefined
      : new TaskReminders({
          engine: deps.engine,
          outbox,
          preferences: new NotificationPreferenceStore(deps.ds),
          logger: deps.logger,
          ...(o.reminderPollMs !== undefined ? { pollMs: o.reminderPollMs } : {}),
          ...(o.reminderHorizonMs !== undefined ? { horizonMs: o.reminderHorizonMs } : {}),
          ...clock,
        });
  sender?.start();
  reminders?.start();
  return {
    sender,
    reminders,
    async close() {
      await Promise.all([sender?.close(), reminders?.close()]);
      mail?.close();
    },
  };
}
