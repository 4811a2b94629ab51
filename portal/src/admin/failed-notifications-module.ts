import type { AuditStore, DossierStore, NotificationOutboxStore } from '@motcua/db/portal';
import type { EngineClient } from '../engine/engine-client.js';
import { FailedNotificationsService } from './failed-notifications.service.js';
import { failedNotificationsRoutes } from './failed-notifications.routes.js';

/** The page's router with its service. */
export function createFailedNotifications(d: {
  stores: { notificationOutbox: NotificationOutboxStore; dossiers: DossierStore; audit: AuditStore };
  engine: EngineClient;
}) {
  return failedNotificationsRoutes({
    notifications: new FailedNotificationsService({
      outbox: d.stores.notificationOutbox,
      dossiers: d.stores.dossiers,
      engine: d.engine,
      audit: d.stores.audit,
    }),
  });
}
