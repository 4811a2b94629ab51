import { ReportWorkingDay1765160000000 } from './1765160000000-report-working-day.migration.js';
import { ReportHistoryIndex1765160000001 } from './1765160000001-report-history-index.migration.js';
import { ReportDossierFact1765340000000 } from './1765340000000-report-dossier-fact.migration.js';
import { ReportDossierFactOpenIndex1765340000001 } from './1765340000001-report-dossier-fact-open-index.migration.js';
import { ReportDossierFactEnded1765340000002 } from './1765340000002-report-dossier-fact-ended.migration.js';
import { ReportDossierFactDropProcedureIndex1765340000003 } from './1765340000003-report-dossier-fact-drop-procedure-index.migration.js';
import { ReportMonthSummary1765350000000 } from './1765350000000-report-month-summary.migration.js';
import { ReportDossierSubmittedIndex1765350000001 } from './1765350000001-report-dossier-submitted-index.migration.js';
import { DossierFactEntity } from './dossier-fact.entity.js';
import {
  ReportMonthCellEntity,
  ReportMonthStateEntity,
  ReportSummaryMetaEntity,
} from './month-summary.entity.js';
import { ReportWorkingDayEntity } from './working-day.entity.js';

export * from './dossier-facts-sql.js';
export * from './dossier-fact-writer.js';
export * from './indicator-cells.js';
export * from './indicator-dossiers.js';
export * from './report-sql-dialect.js';
export * from './working-day-index.js';
export * from './indicator-store.js';
export * from './month-summary.js';
export {
  DossierFactEntity,
  ReportDossierFact1765340000000,
  ReportDossierFactOpenIndex1765340000001,
  ReportDossierFactEnded1765340000002,
  ReportDossierFactDropProcedureIndex1765340000003,
  ReportMonthSummary1765350000000,
  ReportDossierSubmittedIndex1765350000001,
  ReportWorkingDayEntity,
};

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const reportEntities: Function[] = [
  ReportWorkingDayEntity,
  DossierFactEntity,
  ReportMonthCellEntity,
  ReportMonthStateEntity,
  ReportSummaryMetaEntity,
];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const reportMigrations: Function[] = [
  ReportWorkingDay1765160000000,
  ReportHistoryIndex1765160000001,
  ReportDossierFact1765340000000,
  ReportDossierFactOpenIndex1765340000001,
  ReportDossierFactEnded1765340000002,
  ReportDossierFactDropProcedureIndex1765340000003,
  ReportMonthSummary1765350000000,
  ReportDossierSubmittedIndex1765350000001,
];
