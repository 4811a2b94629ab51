import type { AuditStore, PortalUser, UnitStore } from '@motcua/db/portal';
import { requireRole } from '../auth/auth-middleware.js';
import { ForbiddenError } from '@motcua/domain';
import type { PortalContext } from '../http/state.js';
import type { ReportAccess } from './indicator-report.service.js';

/** Who sees which report: the admin every unit, a leader their unit and the units below it. */
export async function reportAccess(
  ctx: PortalContext,
  d: { audit: AuditStore; units: UnitStore },
  as: 'admin' | 'leader',
): Promise<{ user: PortalUser; access: ReportAccess }> {
  if (as === 'admin') return { user: await requireRole(ctx, d.audit, 'admin'), access: { kind: 'all' } };
  const user = await requireRole(ctx, d.audit, 'leader');
  if (!user.unitCode) {
    await d.audit.append({
      actor: user.id,
      action: 'access.denied',
      target: `${ctx.method} ${ctx.path}`,
      detail: { reason: 'leader without a unit' },
      ip: ctx.ip,
    });
    throw new ForbiddenError('Tài khoản lãnh đạo chưa được gán đơn vị nên chưa xem được báo cáo.');
  }
  return { user, access: { kind: 'units', unitCodes: await d.units.subtreeCodes(user.unitCode) } };
}
