// Entities, migrations and stores of the portal area.
import { PortalUserEntity, PortalUserGroupEntity } from './portal-user.entity.js';
import { PortalSessionEntity } from './portal-session.entity.js';
import { DossierEntity } from './dossier.entity.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { DossierAttachmentEntity } from './dossier-attachment.entity.js';
import { PortalInitial1764100000000 } from './1764100000000-portal-initial.migration.js';
import { PortalProcedureCodeLength1764110000000 } from './1764110000000-portal-procedure-code-length.migration.js';
import { PortalSatisfactionRating1765000600000 } from './1765000600000-portal-satisfaction-rating.migration.js';
import { SatisfactionRatingEntity } from './satisfaction-rating.js';
import { PortalDossierOfficerList1765000500000 } from './1765000500000-portal-dossier-officer-list.migration.js';
import { PortalDossierAttachments1765000400000 } from './1765000400000-portal-dossier-attachments.migration.js';

export { PORTAL_ROLES, type PortalRole } from './portal-user.entity.js';
export type { DossierEngineState } from './dossier.entity.js';
export * from './portal-stores.js';
export {
  SATISFIED_MIN_SCORE,
  SatisfactionStore,
  type SatisfactionRating,
  type SatisfactionSummary,
} from './satisfaction-rating.js';
export * from './officer-dossier-query.js';
export { applicantNameOf } from './applicant-name.js';
export * from './dossier-attachment-store.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const portalEntities: Function[] = [
  PortalUserEntity,
  PortalUserGroupEntity,
  PortalSessionEntity,
  DossierEntity,
  AuditEntryEntity,
  SatisfactionRatingEntity,
  DossierAttachmentEntity,
];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const portalMigrations: Function[] = [
  PortalInitial1764100000000,
  PortalProcedureCodeLength1764110000000,
  PortalSatisfactionRating1765000600000,
  PortalDossierOfficerList1765000500000,
  PortalDossierAttachments1765000400000,
];
