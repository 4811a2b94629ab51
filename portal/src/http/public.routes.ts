import Router from '@koa/router';
import { addWorkingDays } from '@motcua/domain';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { EngineClient } from '../engine/engine-client.js';
import type { PortalState } from './state.js';

/** Health and the public JSON API (fixed interfaces of ARCHITECTURE.md). */
export function publicRoutes(d: { engine: EngineClient; catalogue: Catalogue }): Router<PortalState> {
  const router = new Router<PortalState>();

  router.get('/health', async (ctx) => {
    ctx.body = { status: 'ok', engine: (await d.engine.isUp()) ? 'up' : 'down' };
  });

  // No icon yet; answer quietly instead of a 404 page on every first visit.
  router.get('/favicon.ico', (ctx) => {
    ctx.status = 204;
  });

  router.get('/api/procedures', (ctx) => {
    ctx.body = d.catalogue.entries.map((e) => ({
      key: e.key,
      code: e.code,
      nameVi: e.nameVi,
      ...(e.nameEn ? { nameEn: e.nameEn } : {}),
      ...(e.agencyVi ? { agencyVi: e.agencyVi } : {}),
      ...(e.processingDays !== undefined ? { processingDays: e.processingDays } : {}),
      url: `/thu-tuc/${encodeURIComponent(e.key)}`,
    }));
  });

  router.get('/api/calendar/due-date', (ctx) => {
    const from = String(ctx.query.from ?? '');
    const n = Number(ctx.query.workingDays);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !Number.isInteger(n) || n < 0 || n > 3650) {
      ctx.status = 400;
      ctx.body = { message: 'from=YYYY-MM-DD và workingDays (số nguyên 0–3650) là bắt buộc.' };
      return;
    }
    try {
      ctx.body = { dueDate: addWorkingDays(from, n) };
    } catch {
      ctx.status = 400;
      ctx.body = { message: 'Ngày không hợp lệ.' };
    }
  });

  return router;
}
