import Router from '@koa/router';
import { z } from 'zod';
import { createWorkingCalendar, parseIsoDate, type HolidayTable } from '@motcua/domain';
import { loadProcedureDescriptions, type ProcedureDescriptionEntry } from '@motcua/processes';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { PortalState } from '../http/state.js';
import { publishProcedure } from './published-procedure.js';

/** Where the working-day calendar's edited years come from (the database's holiday table). */
export interface HolidayTableSource {
  loadSavedTable(): Promise<HolidayTable>;
}

export interface PublicApiDeps {
  /** The procedures this portal serves (deployed). */
  catalogue: Catalogue;
  /** Every catalogue description; default: `loadProcedureDescriptions()` of @motcua/processes. */
  descriptions?: ProcedureDescriptionEntry[];
  /** Saved years of the holiday table; without it the default calendar alone is used. */
  holidays?: HolidayTableSource;
}

// A legal deadline is at most a few hundred working days; ten years is a generous bound.
const MAX_WORKING_DAYS = 3650;

const dueDateQuery = z.object({
  from: z
    .string({ error: 'Thiếu tham số from (ngày tiếp nhận, dạng YYYY-MM-DD).' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Tham số from phải là ngày dạng YYYY-MM-DD.')
    .refine((s) => {
      try {
        const year = parseIsoDate(s).getUTCFullYear();
        return year >= 1900 && year <= 2190;
      } catch {
        return false;
      }
    }, 'Tham số from không phải là ngày có thật (năm 1900–2190).'),
  workingDays: z
    .string({ error: 'Thiếu tham số workingDays (số ngày làm việc).' })
    .regex(/^\d{1,4}$/, `Tham số workingDays phải là số nguyên từ 0 đến ${MAX_WORKING_DAYS}.`)
    .transform(Number)
    .refine(
      (n) => n <= MAX_WORKING_DAYS,
      `Tham số workingDays phải là số nguyên từ 0 đến ${MAX_WORKING_DAYS}.`,
    ),
});

/**
 * The portal's public JSON (fixed interfaces of ARCHITECTURE.md). Both are read-only and public by
 * design — the catalogue and the calendar are published information — so they need no session.
 */
export function publicApiRoutes(d: PublicApiDeps): Router<PortalState> {
  const router = new Router<PortalState>();
  // The process key this portal serves for each catalogue description (hand-modelled or generated).
  const servedKeys = new Map(d.catalogue.entries.map((e) => [e.metadata.id, e.key]));
  // Built once: the catalogue is data shipped with the release.
  const published = (d.descriptions ?? loadProcedureDescriptions()).map((e) =>
    publishProcedure(e, servedKeys),
  );

  router.get('/api/procedures', (ctx) => {
    ctx.body = published;
  });

  router.get('/api/calendar/due-date', async (ctx) => {
    const repeated = (['from', 'workingDays'] as const).filter((k) => Array.isArray(ctx.query[k]));
    const parsed = dueDateQuery.safeParse({ from: ctx.query.from, workingDays: ctx.query.workingDays });
    if (repeated.length || !parsed.success) {
      ctx.status = 400;
      ctx.body = {
        message: repeated.length
          ? `Tham số ${repeated.join(', ')} chỉ được có một giá trị.`
          : parsed.error!.issues.map((i) => i.message).join(' '),
      };
      return;
    }
    const table = d.holidays ? await d.holidays.loadSavedTable() : {};
    const calendar = createWorkingCalendar(table);
    ctx.body = { dueDate: calendar.addWorkingDays(parsed.data.from, parsed.data.workingDays) };
  });

  return router;
}
