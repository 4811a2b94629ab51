import { adminMigrations } from '../admin/index.js';
import { calendarMigrations } from '../calendar/index.js';
import { dvcqgMigrations } from '../dvcqg/index.js';
import { engineMigrations } from '../engine/index.js';
import { fileMigrations } from '../files/index.js';
import { paymentMigrations } from '../payments/index.js';
import { notifyMigrations } from '../notify/index.js';
import { portalMigrations } from '../portal/index.js';
import { reportMigrations } from '../reports/index.js';
import { studioMigrations } from '../studio/index.js';
import { workerMigrations } from '../workers/index.js';
import { ssoMigrations } from '../sso/index.js';
import { QueryIndexes1765000100000 } from './1765000100000-query-indexes.migration.js';
import { HistoryTimeIndexes1765100000000 } from './1765100000000-history-time-indexes.migration.js';
import { HistoryDefinitionIndexes1765410000000 } from './1765410000000-history-definition-indexes.migration.js';
import { EventSubscriptionExecutionIndex1765460000000 } from './1765460000000-event-subscription-execution-index.migration.js';
import { FinishedInstanceCount1765490000000 } from './1765490000000-finished-instance-count.migration.js';

/**
 * Every migration of every area. TypeORM orders them by the timestamp in their class name, so each
 * area keeps its own timestamp range: engine 17640…, portal 17641…, workers 17642…; 17650001…
 * holds the cross-area query indexes.
 * Migrations use QueryRunner's Table API so one class serves SQLite and MySQL alike.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const allMigrations: Function[] = [
  ...engineMigrations,
  ...portalMigrations,
  ...workerMigrations,
  ...calendarMigrations,
  ...fileMigrations,
  ...studioMigrations,
  // Reports (issue 14): the working-day index.
  ...reportMigrations,
  ...dvcqgMigrations,
  // Single sign-on (issue 13).
  ...ssoMigrations,
  // Across areas: indexes for the list and count queries at scale (issue 17).
  QueryIndexes1765000100000,
  // Administration (issue 14): the ministry's units, a user's unit.
  ...adminMigrations,
  // Online fee payments (issue 12).
  ...paymentMigrations,
  // Notifications' outbox and choices (issue 12).
  ...notifyMigrations,
  // Issue 17: time indexes of the history for the metrics.
  HistoryTimeIndexes1765100000000,
  // Issue 15: history by definition at a million finished instances.
  HistoryDefinitionIndexes1765410000000,
  // Issue 15: an execution's event subscriptions by index, not by reading the table.
  EventSubscriptionExecutionIndex1765460000000,
  // Issue 15: the exact count of finished history instances without reading them.
  FinishedInstanceCount1765490000000,
];
