import {
  createWorkingCalendar,
  dayOfWeek,
  holidayYearSchema,
  solarToLunar,
  vietnamDate,
  type DayEntry,
  type HolidayTable,
  type HolidayYear,
  type WorkingCalendar,
} from '@motcua/domain';
import type { AuditStore, DossierStore, HolidayStore, HolidayYearVersionInfo } from '@motcua/db/portal';
import type { Actor } from './user-admin.service.js';

/** A day of the table as the page shows it: with its weekday and lunar date. */
export interface CalendarDay extends DayEntry {
  weekdayVi: string;
  /** `dd/mm` of the lunar calendar (with "nhuận" for a leap month). */
  lunarVi: string;
}

export interface CalendarYearView {
  year: number;
  source: 'database' | 'default';
  version: number | null;
  daysOff: CalendarDay[];
  workingWeekendDays: CalendarDay[];
  notes: string[];
  versions: HolidayYearVersionInfo[];
}

/** An open dossier whose remaining deadline would end on another day under the edited table. */
export interface DueDateMove {
  dossierId: string;
  dossierCode: string | null;
  procedureCode: string;
  from: string;
  to: string;
}

export interface CalendarPreview {
  /** The edited year (valid) or the reasons it is not. */
  year: HolidayYear;
  problems: string[];
  moves: DueDateMove[];
  /** Open dossiers with a due date that were looked at. */
  checked: number;
}

const WEEKDAY_VI = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const pad = (n: number) => String(n).padStart(2, '0');

export function describeDay(d: DayEntry): CalendarDay {
  const lunar = solarToLunar(d.date);
  return {
    ...d,
    weekdayVi: WEEKDAY_VI[dayOfWeek(d.date)]!,
    lunarVi: `${pad(lunar.day)}/${pad(lunar.month)}${lunar.leap ? ' nhuận' : ''}`,
  };
}

/** Working days after `from` up to and including `to` on a calendar (0 when `to` is not later). */
function workingDaysBetween(cal: WorkingCalendar, from: string, to: string): number {
  let n = 0;
  let date = from;
  while (n < 10_000) {
    const next = cal.addWorkingDays(date, 1);
    if (next > to) return n;
    n++;
    date = next;
  }
  return n;
}

/**
 * The working-day calendar for the administration: a year's table (statutory holidays with their
 * lunar dates, compensatory days, swapped working days) read from the versioned holiday store,
 * a preview of an edit (validation, and how the due dates of open dossiers would move), and the
 * save as the year's next version (audited `calendar.saved`).
 *
 * The preview keeps each open dossier's remaining working days from today and counts them again on
 * the edited table. Saving does not rewrite due dates already given: the workers read the table
 * when they set a new deadline or resume a clock.
 */
export class CalendarAdminService {
  constructor(
    private readonly d: {
      holidays: HolidayStore;
      dossiers: DossierStore;
      audit: AuditStore;
      today?: () => string;
    },
  ) {}

  private today(): string {
    return this.d.today?.() ?? vietnamDate(new Date());
  }

  async view(year: number): Promise<CalendarYearView> {
    const [loaded, versions] = await Promise.all([
      this.d.holidays.loadYear(year),
      this.d.holidays.listVersions(year),
    ]);
    return {
      year,
      source: loaded.source,
      version: loaded.version,
      daysOff: loaded.year.daysOff.map(describeDay),
      workingWeekendDays: loaded.year.workingWeekendDays.map(describeDay),
      notes: loaded.year.notes,
      versions,
    };
  }

  async preview(edited: HolidayYear): Promise<CalendarPreview> {
    const parsed = holidayYearSchema.safeParse(edited);
    if (!parsed.success)
      return { year: edited, problems: parsed.error.issues.map((i) => i.message), moves: [], checked: 0 };
    const table: HolidayTable = await this.d.holidays.loadSavedTable();
    const before = createWorkingCalendar(table);
    const after = createWorkingCalendar({ ...table, [edited.year]: parsed.data });
    const today = this.today();
    const moves: DueDateMove[] = [];
    let checked = 0;
    for (let afterId: string | null = null; ;) {
      const batch = await this.d.dossiers.listRunning(afterId, 500);
      for (const dossier of batch) {
        if (!dossier.dueDate || dossier.dueDate <= today) continue;
        checked++;
        const remaining = workingDaysBetween(before, today, dossier.dueDate);
        const moved = after.addWorkingDays(today, remaining);
        if (moved !== dossier.dueDate)
          moves.push({
            dossierId: dossier.id,
            dossierCode: dossier.dossierCode,
            procedureCode: dossier.procedureCode,
            from: dossier.dueDate,
            to: moved,
          });
      }
      if (batch.length < 500) break;
      afterId = batch[batch.length - 1]!.id;
    }
    return {
      year: parsed.data,
      problems: [],
      moves: moves.sort((a, b) => a.from.localeCompare(b.from)),
      checked,
    };
  }

  /** Saves the edited year as its next version; the caller previewed it. */
  async save(
    edited: HolidayYear,
    comment: string,
    by: Actor & { username: string },
  ): Promise<HolidayYearVersionInfo> {
    const saved = await this.d.holidays.saveYear(edited, {
      savedBy: by.username,
      ...(comment ? { comment } : {}),
    });
    await this.d.audit.append({
      actor: by.actor,
      action: 'calendar.saved',
      target: `calendar:${saved.year}`,
      detail: {
        version: saved.version,
        daysOff: edited.daysOff.length,
        workingWeekendDays: edited.workingWeekendDays.length,
        comment: comment || null,
      },
      ip: by.ip ?? null,
    });
    return saved;
  }
}
