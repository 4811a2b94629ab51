// Entities, migrations and stores of the workers area.
import { DossierCodeCounterEntity, ResultNumberCounterEntity } from './counter.entity.js';
import { DossierCodeAssignmentEntity, ResultNumberAssignmentEntity } from './number-assignment.entity.js';
import {
  DossierDocumentEntity,
  DossierHistoryEntity,
  StaffNotificationEntity,
  StaffNotificationSeenEntity,
} from './dossier-life.entities.js';
import { WorkersNumbering1764200000000 } from './1764200000000-workers-numbering.migration.js';
import { WorkersDossierLife1764210000000 } from './1764210000000-workers-dossier-life.migration.js';
import { WorkersNotificationSeen1764220000000 } from './1764220000000-workers-notification-seen.migration.js';

export * from './numbering-store.js';
export * from './dossier-life-store.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const workerEntities: Function[] = [
  DossierCodeCounterEntity,
  ResultNumberCounterEntity,
  DossierCodeAssignmentEntity,
  ResultNumberAssignmentEntity,
  DossierHistoryEntity,
  StaffNotificationEntity,
  DossierDocumentEntity,
  StaffNotificationSeenEntity,
];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const workerMigrations: Function[] = [
  WorkersNumbering1764200000000,
  WorkersDossierLife1764210000000,
  WorkersNotificationSeen1764220000000,
];
