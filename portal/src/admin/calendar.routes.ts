import Router from '@koa/router';
import { z } from 'zod';
import { vietnamWallClock, type DayEntry, type HolidayYear } from '@motcua/domain';
import { currentUser } from '../auth/auth-middleware.js';
import { pageContext, type PortalState } from '../http/state.js';
import { calendarPage, dayLines, type CalendarForm } from '../views/admin/calendar-page.js';
import { ADMIN_PREFIX } from './admin-sections.js';
import { parseDayVi } from './audit.routes.js';
import { describeDay, type CalendarAdminService } from './calendar-admin.service.js';
import { formBody } from './form-input.js';

const yearQuery = z.coerce.number().int().min(1975).max(2199);

/** One day a line, `dd/mm/yyyy - name` (dash, colon or bar); what cannot be read is reported. */
export function parseDayLines(text: string, labelVi: string, problems: string[]): DayEntry[] {
  const out: DayEntry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t) return;
    const m = /^(\d{1,2}\/\d{1,2}\/\d{4})\s*[-–|:]\s*(.+)$/.exec(t);
    const date = m ? parseDayVi(m[1]!) : null;
    if (!m || !date) {
      problems.push(`${labelVi}, dòng ${i + 1}: "${t.slice(0, 80)}" không đúng dạng dd/mm/yyyy - Tên ngày.`);
      return;
    }
    out.push({ date, nameVi: m[2]!.trim().slice(0, 200) });
  });
  return out;
}

/** The working-day calendar: a year, the preview of an edit, and its save. Role admin via adminGuard. */
export function calendarRoutes(d: { calendar: CalendarAdminService }) {
  const router = new Router<PortalState>({ prefix: ADMIN_PREFIX });
  const yearOf = (q: unknown) => {
    const y = yearQuery.safeParse(q);
    return y.success ? y.data : vietnamWallClock(new Date()).getUTCFullYear();
  };

  router.get('/lich-lam-viec', async (ctx) => {
    const v = await d.calendar.view(yearOf(ctx.query.nam));
    const form: CalendarForm = {
      daysOff: dayLines(v.daysOff),
      workingDays: dayLines(v.workingWeekendDays),
      notes: v.notes.join('\n'),
      comment: '',
    };
    const flash =
      ctx.query.xong === 'da-luu'
        ? `Đã lưu phiên bản ${v.version ?? ''} của bảng ngày nghỉ năm ${v.year}.`
        : null;
    ctx.body = calendarPage(pageContext(ctx), v, form, null, flash).toString();
  });

  router.post('/lich-lam-viec', async (ctx) => {
    const year = yearOf(ctx.query.nam);
    const b = formBody(ctx);
    const str = (k: string, max: number) => (typeof b[k] === 'string' ? (b[k] as string).slice(0, max) : '');
    const form: CalendarForm = {
      daysOff: str('daysOff', 20_000),
      workingDays: str('workingDays', 10_000),
      notes: str('notes', 20_000),
      comment: str('comment', 500).trim(),
    };
    const problems: string[] = [];
    const edited: HolidayYear = {
      year,
      daysOff: parseDayLines(form.daysOff, 'Ngày nghỉ', problems),
      workingWeekendDays: parseDayLines(form.workingDays, 'Ngày làm bù', problems),
      notes: form.notes
        .split(/\r?\n/)
        .map((n) => n.trim())
        .filter(Boolean),
    };
    const v = await d.calendar.view(year);
    if (problems.length) {
      ctx.status = 400;
      ctx.body = calendarPage(pageContext(ctx), v, form, null, null, problems).toString();
      return;
    }
    const preview = await d.calendar.preview(edited);
    // Saving needs the confirmation the preview page carries: nobody saves without seeing the effects.
    if (b['thao-tac'] === 'luu' && b['xac-nhan'] === '1' && !preview.problems.length) {
      const user = currentUser(ctx);
      await d.calendar.save(preview.year, form.comment, {
        actor: user.id,
        username: user.username,
        ip: ctx.ip,
      });
      ctx.redirect(`${ADMIN_PREFIX}/lich-lam-viec?nam=${year}&xong=da-luu`);
      return;
    }
    if (preview.problems.length) ctx.status = 400;
    ctx.body = calendarPage(
      pageContext(ctx),
      v,
      form,
      {
        ...preview,
        days: preview.problems.length ? [] : preview.year.daysOff.map(describeDay),
        worked: preview.problems.length ? [] : preview.year.workingWeekendDays.map(describeDay),
      },
      null,
    ).toString();
  });

  return router;
}
