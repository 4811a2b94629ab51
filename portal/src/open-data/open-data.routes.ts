import { createHash } from 'node:crypto';
import Router from '@koa/router';
import type { PortalContext, PortalState } from '../http/state.js';
import { toCsv } from '../reports/report-export.js';
import { vietnamMonth } from '../reports/report-period.js';
import { openDataPage } from '../views/open-data-page.js';
import { pageContext } from '../http/state.js';
import { CATALOGUE_SCHEMA, STATISTICS_SCHEMA } from './open-data-schemas.js';
import { CATALOGUE_CSV_HEADERS, STATISTICS_CSV_HEADERS, type OpenDataService } from './open-data.service.js';

/** A past month's figures no longer change: cached a day; the running month an hour less. */
const MAX_AGE_PAST = 86_400;
const MAX_AGE_CURRENT = 600;

/**
 * Sends a cacheable public body with a strong ETag (sha-256 of the bytes) and answers a matching
 * `If-None-Match` with 304, so aggregators can poll cheaply.
 */
function sendCached(ctx: PortalContext, type: string, body: string, maxAge: number): void {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  ctx.set('ETag', etag);
  ctx.set('Cache-Control', `public, max-age=${maxAge}`);
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('X-Content-Type-Options', 'nosniff');
  const match = ctx.get('If-None-Match');
  if (match && match.split(',').some((t) => t.trim() === etag)) {
    ctx.status = 304;
    return;
  }
  ctx.type = type;
  ctx.body = body;
}

const csvOf = <T>(headers: [keyof T, string][], rows: T[]) =>
  toCsv([
    {
      nameVi: '',
      headers: headers.map(([, h]) => h),
      rows: rows.map((r) =>
        headers.map(([k]) => {
          const v = r[k];
          if (Array.isArray(v)) return v.join(' ');
          if (typeof v === 'boolean') return v ? 'có' : 'không';
          return (v ?? null) as string | number | null;
        }),
      ),
    },
  ]);

/**
 * Open data (fixed interface, issue 14): `/du-lieu-mo` (the page describing the files),
 * `/du-lieu-mo/thu-tuc.json|.csv` (the catalogue), `/du-lieu-mo/thong-ke.json|.csv?thang=YYYY-MM`
 * (monthly figures per procedure and unit) and their JSON Schemas. Public, read-only, no personal
 * data.
 */
export function openDataRoutes(d: { openData: OpenDataService; clock?: () => Date }): Router<PortalState> {
  const router = new Router<PortalState>({ prefix: '/du-lieu-mo' });
  const now = () => (d.clock ?? (() => new Date()))();

  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = openDataPage(pageContext(ctx), vietnamMonth(now())).toString();
  });

  router.get('/thu-tuc.schema.json', (ctx) =>
    sendCached(
      ctx,
      'application/schema+json; charset=utf-8',
      JSON.stringify(CATALOGUE_SCHEMA, null, 2),
      MAX_AGE_PAST,
    ),
  );
  router.get('/thong-ke.schema.json', (ctx) =>
    sendCached(
      ctx,
      'application/schema+json; charset=utf-8',
      JSON.stringify(STATISTICS_SCHEMA, null, 2),
      MAX_AGE_PAST,
    ),
  );

  for (const ext of ['json', 'csv'] as const) {
    router.get(`/thu-tuc.${ext}`, (ctx) => {
      const data = d.openData.catalogue();
      if (ext === 'json')
        sendCached(
          ctx,
          'application/json; charset=utf-8',
          JSON.stringify({ $schema: '/du-lieu-mo/thu-tuc.schema.json', ...data }),
          MAX_AGE_CURRENT,
        );
      else
        sendCached(
          ctx,
          'text/csv; charset=utf-8',
          csvOf(CATALOGUE_CSV_HEADERS, data.thuTuc),
          MAX_AGE_CURRENT,
        );
    });

    router.get(`/thong-ke.${ext}`, async (ctx) => {
      const raw = ctx.query.thang;
      const current = vietnamMonth(now());
      const month = (Array.isArray(raw) ? raw[0] : raw) ?? current;
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || month > current) {
        ctx.status = 400;
        ctx.type = 'application/json; charset=utf-8';
        ctx.body = {
          message: 'Tham số thang phải có dạng YYYY-MM (ví dụ 2026-11) và không sau tháng hiện tại.',
        };
        return;
      }
      const data = await d.openData.statistics(month);
      const maxAge = month < current ? MAX_AGE_PAST : MAX_AGE_CURRENT;
      if (ext === 'json')
        sendCached(
          ctx,
          'application/json; charset=utf-8',
          JSON.stringify({ $schema: '/du-lieu-mo/thong-ke.schema.json', ...data }),
          maxAge,
        );
      else sendCached(ctx, 'text/csv; charset=utf-8', csvOf(STATISTICS_CSV_HEADERS, data.dong), maxAge);
    });
  }
  return router;
}
