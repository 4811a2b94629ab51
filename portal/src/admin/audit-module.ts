import type { PortalStores } from '@motcua/db/portal';
import { AuditLogService } from './audit-log.service.js';
import { auditRoutes } from './audit.routes.js';

/** The audit log's router with its service. */
export function createAuditLog(stores: PortalStores) {
  return auditRoutes({ log: new AuditLogService(stores) });
}
