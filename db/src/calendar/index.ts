// Entities, migrations and stores of the calendar area (the holiday table, versioned by year).
import { CalendarHolidays1764300000000 } from './1764300000000-calendar-holidays.migration.js';
import { HolidayYearVersionEntity } from './holiday-year-version.entity.js';

export * from './holiday-store.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const calendarEntities: Function[] = [HolidayYearVersionEntity];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const calendarMigrations: Function[] = [CalendarHolidays1764300000000];
