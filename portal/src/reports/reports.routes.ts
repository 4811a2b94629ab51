import Router from '@koa/router';
import {
  EXPORT_DOSSIER_LIMIT,
  type AuditStore,
  type IndicatorStore,
  type UnitStore,
} from '@motcua/db/portal';
import { buildGovMonthlyReport, govReportXlsx } from './gov-report/gov-monthly-report.js';
import { vietnamMonth } from './report-period.js';
import { html } from '../http/html.js';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import { adminLayout } from '../views/admin/admin-layout.js';
import { layout } from '../views/layout.js';
import { GROUP_LABELS_VI, reportBody } from '../views/reports/report-page.js';
import { DRILL_PAGE_SIZE, reportDossiersBody } from '../views/reports/report-dossiers-page.js';
import { INDICATOR_BY_ID, type IndicatorId } from './indicator-definitions.js';
import { IndicatorReportService, type ReportAccess } from './indicator-report.service.js';
import { reportAccess } from './report-access.js';
import type { ReportDimensions } from './report-dimensions.js';
import { parseReportFilter } from './report-filter.js';
import { dossierTable, reportTables, toCsv, toXlsx } from './report-export.js';

export const ADMIN_REPORT_PATH = '/quan-tri/bao-cao';
export const LEADER_REPORT_PATH = '/lanh-dao/bao-cao';

export interface ReportRoutesDeps {
  reports: IndicatorReportService;
  /** For the Government report (the same SQL cells). */
  indicators: IndicatorStore;
  /** The procedures' dimensions, with the unit table's names. */
  dimensions: () => Promise<ReportDimensions>;
  audit: AuditStore;
  units: UnitStore;
  clock?: () => Date;
}

/**
 * The indicator reports: `/quan-tri/bao-cao` (admin, every unit; the admin guard covers it too)
 * and `/lanh-dao/bao-cao` (a leader, their unit and the units below it), each with its
 * drill-down (`…/ho-so`) and exports (`….xlsx`, `….csv`). Handlers check access, parse, call the
 * service and render.
 */
export function reportRoutes(d: ReportRoutesDeps): Router<PortalState> {
  const router = new Router<PortalState>();
  const now = () => (d.clock ?? (() => new Date()))();

  const mounts = [
    { base: ADMIN_REPORT_PATH, as: 'admin' as const },
    { base: LEADER_REPORT_PATH, as: 'leader' as const },
  ];

  async function prepare(ctx: PortalContext, as: 'admin' | 'leader') {
    const { access } = await reportAccess(ctx, d, as);
    const dims = await d.dimensions();
    const parsed = parseReportFilter(ctx.query, dims, now());
    return { access, dims, parsed };
  }

  const unitsFor = (dims: ReportDimensions, access: ReportAccess): [string, string][] =>
    [...dims.units].filter(([code]) => access.kind === 'all' || access.unitCodes.includes(code));

  const frame = (
    ctx: PortalContext,
    as: 'admin' | 'leader',
    title: string,
    body: ReturnType<typeof html>,
  ) => {
    const head = html`<link rel="stylesheet" href="/static/reports.css" />`;
    ctx.type = 'html';
    ctx.body = (
      as === 'admin'
        ? adminLayout(pageContext(ctx), { title, current: ADMIN_REPORT_PATH, body, extraHead: head })
        : layout(pageContext(ctx), title, body, head)
    ).toString();
  };

  // The monthly report for the Government reporting system (admin only: the whole ministry).
  for (const ext of ['xlsx', 'json'] as const)
    router.get(`${ADMIN_REPORT_PATH}/chinh-phu.${ext}`, async (ctx) => {
      await reportAccess(ctx, d, 'admin');
      const raw = ctx.query.thang;
      const month = (Array.isArray(raw) ? raw[0] : raw) ?? vietnamMonth(now());
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
        ctx.status = 400;
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = 'Tháng phải có dạng YYYY-MM (ví dụ 2026-11).';
        return;
      }
      const report = await buildGovMonthlyReport(
        { indicators: d.indicators, dimensions: await d.dimensions() },
        { month, now: now() },
      );
      ctx.set('Cache-Control', 'no-store');
      if (ext === 'json') {
        ctx.body = report;
        return;
      }
      ctx.set('Content-Disposition', `attachment; filename="bao-cao-chinh-phu-${month}.xlsx"`);
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      ctx.body = await govReportXlsx(report);
    });

  for (const { base, as } of mounts) {
    router.get(base, async (ctx) => {
      const { access, dims, parsed } = await prepare(ctx, as);
      const report = await d.reports.report(parsed.filter, access);
      const units = unitsFor(dims, access);
      const scopeVi =
        as === 'admin'
          ? 'Tất cả đơn vị'
          : `Đơn vị: ${units.map(([, n]) => n).join(', ') || 'chưa có thủ tục'}`;
      if (!parsed.ok) ctx.status = 400;
      frame(
        ctx,
        as,
        'Báo cáo chỉ số',
        reportBody(
          report,
          dims,
          { basePath: base, units, scopeVi, govReport: as === 'admin' },
          parsed.ok ? [] : parsed.errors,
        ),
      );
    });

    router.get(`${base}/ho-so`, async (ctx) => {
      const { access, dims, parsed } = await prepare(ctx, as);
      // Without `chi-so` the list shows the received dossiers (the first figure).
      const id = String(ctx.query['chi-so'] ?? 'received') as IndicatorId;
      const indicator = INDICATOR_BY_ID.get(id);
      const page = Math.max(1, Math.min(Number.parseInt(String(ctx.query.trang ?? '1'), 10) || 1, 100_000));
      const list = indicator
        ? await d.reports.dossiers(parsed.filter, access, indicator.id, {
            offset: (page - 1) * DRILL_PAGE_SIZE,
            limit: DRILL_PAGE_SIZE,
          })
        : null;
      if (!indicator || !list || !parsed.ok) {
        ctx.status = 400;
        frame(
          ctx,
          as,
          'Hồ sơ của chỉ số',
          html`<h1>Không xem được danh sách hồ sơ</h1>
            <p role="alert">
              ${
                !parsed.ok
                  ? parsed.errors.join(' ')
                  : 'Chỉ số không có hoặc không có danh sách hồ sơ (chỉ số chưa tính được).'
              }
            </p>
            <p><a href="${base}">← Quay lại báo cáo</a></p>`,
        );
        return;
      }
      frame(
        ctx,
        as,
        `Hồ sơ: ${indicator.labelVi}`,
        reportDossiersBody({
          basePath: base,
          filter: parsed.filter,
          indicator,
          dims,
          total: list.total,
          dossiers: list.dossiers,
          page,
          ...(as === 'leader'
            ? { dossierHref: (x) => `/can-bo/ho-so/${encodeURIComponent(x.dossierId)}` }
            : {}),
        }),
      );
    });

    for (const ext of ['xlsx', 'csv'] as const)
      router.get(`${base}/ho-so.${ext}`, async (ctx) => {
        const { access, dims, parsed } = await prepare(ctx, as);
        const indicator = INDICATOR_BY_ID.get(String(ctx.query['chi-so'] ?? 'received') as IndicatorId);
        const list =
          indicator && parsed.ok
            ? await d.reports.dossiers(parsed.filter, access, indicator.id, {
                offset: 0,
                limit: EXPORT_DOSSIER_LIMIT,
                purpose: 'export',
              })
            : null;
        if (!indicator || !list) {
          ctx.status = 400;
          ctx.type = 'text/plain; charset=utf-8';
          ctx.body = parsed.ok ? 'Chỉ số không có hoặc không có danh sách hồ sơ.' : parsed.errors.join('\n');
          return;
        }
        const tables = dossierTable(indicator.labelVi, list, dims);
        const name = `ho-so-${indicator.id}-${parsed.filter.period.key.replace('..', '_')}`;
        ctx.set('Content-Disposition', `attachment; filename="${name}.${ext}"`);
        ctx.set('Cache-Control', 'no-store');
        if (ext === 'csv') {
          ctx.type = 'text/csv; charset=utf-8';
          ctx.body = toCsv(tables);
        } else {
          ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
          ctx.body = await toXlsx(tables, `Hồ sơ: ${indicator.labelVi}`);
        }
      });

    for (const ext of ['xlsx', 'csv'] as const) {
      router.get(`${base}.${ext}`, async (ctx) => {
        const { access, parsed } = await prepare(ctx, as);
        if (!parsed.ok) {
          ctx.status = 400;
          ctx.type = 'text/plain; charset=utf-8';
          ctx.body = parsed.errors.join('\n');
          return;
        }
        const report = await d.reports.report(parsed.filter, access);
        const tables = reportTables(report, GROUP_LABELS_VI[parsed.filter.groupBy]);
        const name = `bao-cao-${parsed.filter.period.key.replace('..', '_')}`;
        ctx.set('Content-Disposition', `attachment; filename="${name}.${ext}"`);
        ctx.set('Cache-Control', 'no-store');
        if (ext === 'csv') {
          ctx.type = 'text/csv; charset=utf-8';
          ctx.body = toCsv(tables);
        } else {
          ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
          ctx.body = await toXlsx(tables, `Báo cáo ${parsed.filter.periodLabelVi}`);
        }
      });
    }
  }
  return router;
}
