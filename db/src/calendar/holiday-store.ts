import {
  buildStatutoryYear,
  holidayYearSchema,
  UserInputError,
  type HolidayTable,
  type HolidayYear,
} from '@motcua/domain';
import type { DataSource } from 'typeorm';
import { HolidayYearVersionEntity } from './holiday-year-version.entity.js';

export interface HolidayYearVersionInfo {
  year: number;
  version: number;
  savedBy: string;
  savedAt: Date;
  comment: string | null;
}

export interface LoadedHolidayYear {
  year: HolidayYear;
  /** `database` = an administrator's saved version; `default` = computed from the statutory rules. */
  source: 'database' | 'default';
  version: number | null;
}

export interface HolidayStore {
  /** The version in force for a year, or the computed default when none was saved. */
  loadYear(year: number): Promise<LoadedHolidayYear>;
  /** One saved version, or undefined. */
  loadVersion(year: number, version: number): Promise<HolidayYear | undefined>;
  /** Every year that has a saved version, at its latest version (for `createWorkingCalendar`). */
  loadSavedTable(): Promise<HolidayTable>;
  /** Saves an edited year as its next version. Throws a UserInputError when the year is invalid. */
  saveYear(
    year: HolidayYear,
    by: { savedBy: string; comment?: string; at?: Date },
  ): Promise<HolidayYearVersionInfo>;
  /** Saved versions of a year, newest first. */
  listVersions(year: number): Promise<HolidayYearVersionInfo[]>;
}

const MAX_SAVE_ATTEMPTS = 10;

function toYear(row: HolidayYearVersionEntity): HolidayYear {
  return holidayYearSchema.parse({
    year: row.year,
    daysOff: JSON.parse(row.daysOff),
    workingWeekendDays: JSON.parse(row.workingWeekendDays),
    notes: JSON.parse(row.notes),
  });
}

function info(row: HolidayYearVersionEntity): HolidayYearVersionInfo {
  return {
    year: row.year,
    version: row.version,
    savedBy: row.savedBy,
    savedAt: row.savedAt,
    comment: row.comment,
  };
}

/** The holiday table in the database, versioned by year (an edit never overwrites). */
export function createHolidayStore(ds: DataSource): HolidayStore {
  const repo = () => ds.getRepository(HolidayYearVersionEntity);
  const latest = (year: number) => repo().findOne({ where: { year }, order: { version: 'DESC' } });

  return {
    async loadYear(year) {
      const row = await latest(year);
      if (row) return { year: toYear(row), source: 'database', version: row.version };
      return { year: buildStatutoryYear(year), source: 'default', version: null };
    },

    async loadVersion(year, version) {
      const row = await repo().findOne({ where: { year, version } });
      return row ? toYear(row) : undefined;
    },

    async loadSavedTable() {
      const rows = await repo().find({ order: { year: 'ASC', version: 'ASC' } });
      const table: HolidayTable = {};
      for (const row of rows) table[row.year] = toYear(row); // ascending: the last one wins
      return table;
    },

    async saveYear(input, by) {
      const parsed = holidayYearSchema.safeParse(input);
      if (!parsed.success)
        throw new UserInputError(
          `Bảng ngày nghỉ không hợp lệ: ${parsed.error.issues.map((i) => i.message).join(' ')}`,
        );
      const savedBy = by.savedBy.trim();
      if (!savedBy || savedBy.length > 100) throw new UserInputError('Cần ghi người lưu (tối đa 100 ký tự).');
      if (by.comment !== undefined && by.comment.length > 500)
        throw new UserInputError('Ghi chú tối đa 500 ký tự.');
      const y = parsed.data;
      // No transaction: read the highest version, insert the next. Two administrators saving the
      // same year at once both read n; the primary key (year, version) lets one insert n + 1 and
      // the other fail, which then reads again and inserts n + 2.
      for (let attempt = 1; ; attempt++) {
        const top = await latest(y.year);
        const row = repo().create({
          year: y.year,
          version: (top?.version ?? 0) + 1,
          daysOff: JSON.stringify(y.daysOff),
          workingWeekendDays: JSON.stringify(y.workingWeekendDays),
          notes: JSON.stringify(y.notes),
          savedBy,
          savedAt: by.at ?? new Date(),
          comment: by.comment ?? null,
        });
        try {
          await repo().insert(row);
          return info(row);
        } catch (err) {
          if (attempt >= MAX_SAVE_ATTEMPTS || !isDuplicateKey(err)) throw err;
        }
      }
    },

    async listVersions(year) {
      const rows = await repo().find({ where: { year }, order: { version: 'DESC' } });
      return rows.map(info);
    },
  };
}

function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code ?? '';
  return code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT');
}
