// Entities, migrations and stores of the notifications (issue 12).
import { NotificationOutboxEntity, NotificationPreferenceEntity } from './notification.entities.js';
import { NotifyOutbox1765120000000 } from './1765120000000-notify-outbox.migration.js';
import { NotifyIncident1765310000000 } from './1765310000000-notify-incident.migration.js';

export * from './notifiable-kinds.js';
export * from './notification-outbox.js';
export * from './notification-outbox-store.js';
export * from './notification-preference-store.js';
export { writeTransaction } from './write-transaction.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const notifyEntities: Function[] = [NotificationOutboxEntity, NotificationPreferenceEntity];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const notifyMigrations: Function[] = [NotifyOutbox1765120000000, NotifyIncident1765310000000];
