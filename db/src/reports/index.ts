import { ReportWorkingDay1765160000000 } from './1765160000000-report-working-day.migration.js';
import { ReportHistoryIndex1765160000001 } from './1765160000001-report-history-index.migration.js';
import { ReportWorkingDayEntity } from './working-day.entity.js';

export * from './dossier-facts-sql.js';
export * from './indicator-cells.js';
export * from './indicator-dossiers.js';
export * from './report-sql-dialect.js';
export * from './working-day-index.js';
export * from './indicator-store.js';
export { ReportWorkingDayEntity };

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const reportEntities: Function[] = [ReportWorkingDayEntity];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const reportMigrations: Function[] = [ReportWorkingDay1765160000000, ReportHistoryIndex1765160000001];
