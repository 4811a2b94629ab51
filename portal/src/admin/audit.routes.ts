import Router from '@koa/router';
import { z } from 'zod';
import { currentUser } from '../auth/auth-middleware.js';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import { auditPage, type AuditForm } from '../views/admin/audit-page.js';
import { ADMIN_PREFIX } from './admin-sections.js';
import type { AuditFilter, AuditLogService } from './audit-log.service.js';

const short = (max: number) => z.string().trim().max(max).optional().catch(undefined);
const formSchema = z.object({
  nguoi: short(100),
  'ho-so': short(64),
  'hanh-dong': z
    .string()
    .regex(/^[a-z0-9.-]{1,60}$/)
    .optional()
    .catch(undefined),
  'tu-ngay': short(10),
  'den-ngay': short(10),
});
const page = z.coerce.number().int().min(1).max(100_000).catch(1);

/** `dd/mm/yyyy` → `YYYY-MM-DD` when it is a real date, else null. */
export function parseDayVi(text: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The form as typed, the filter it means, and what was wrong with it (bad dates are ignored). */
function readForm(ctx: PortalContext): { form: AuditForm; filter: AuditFilter; problems: string[] } {
  const raw = formSchema.parse(ctx.query);
  const form: AuditForm = Object.fromEntries(Object.entries(raw).filter(([, v]) => v));
  const problems: string[] = [];
  const filter: AuditFilter = {};
  if (raw.nguoi) filter.person = raw.nguoi;
  if (raw['ho-so']) filter.dossier = raw['ho-so'];
  if (raw['hanh-dong']) filter.action = raw['hanh-dong'];
  for (const [field, key, label] of [
    ['tu-ngay', 'from', 'Từ ngày'],
    ['den-ngay', 'to', 'Đến ngày'],
  ] as const) {
    const v = raw[field];
    if (!v) continue;
    const day = parseDayVi(v);
    if (day) filter[key] = day;
    else
      problems.push(`${label} "${v}" không phải ngày hợp lệ theo dạng dd/mm/yyyy; bộ lọc này được bỏ qua.`);
  }
  return { form, filter, problems };
}

/** The audit log: search and exports. Role admin via adminGuard; the pages only read. */
export function auditRoutes(d: { log: AuditLogService }) {
  const router = new Router<PortalState>({ prefix: ADMIN_PREFIX });

  router.get('/nhat-ky', async (ctx) => {
    const { form, filter, problems } = readForm(ctx);
    const p = page.parse(ctx.query.trang);
    const [result, actions] = await Promise.all([d.log.search(filter, p), d.log.actions()]);
    ctx.body = auditPage(pageContext(ctx), form, result, actions, p, problems).toString();
  });

  const exportAs = (format: 'csv' | 'xlsx') => async (ctx: PortalContext) => {
    const { filter } = readForm(ctx);
    const { body } = await d.log.export(filter, format, { actor: currentUser(ctx).id, ip: ctx.ip });
    const stamp = new Date().toISOString().slice(0, 10);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Disposition', `attachment; filename="nhat-ky-${stamp}.${format}"`);
    ctx.type =
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.body = body;
  };
  router.get('/nhat-ky/xuat.csv', exportAs('csv'));
  router.get('/nhat-ky/xuat.xlsx', exportAs('xlsx'));

  return router;
}
