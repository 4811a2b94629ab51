import { In, type DataSource } from 'typeorm';
import { DossierAttachmentEntity } from '../portal/dossier-attachment.entity.js';
import { DossierEntity } from '../portal/dossier.entity.js';
import { PortalUserEntity } from '../portal/portal-user.entity.js';
import { PortalUserCitizenIdEntity } from '../sso/sso.entities.js';
import { DossierCodeAssignmentEntity } from '../workers/number-assignment.entity.js';
import { DossierDocumentEntity, DossierHistoryEntity } from '../workers/dossier-life.entities.js';

/** What the national-portal sync sends about a dossier, read at send time. */
export interface DvcqgDossierSnapshot {
  dossierId: string;
  /** Mã hồ sơ: the portal's cached code, else the receipt worker's assignment; null before receipt. */
  dossierCode: string | null;
  procedureCode: string;
  procedureKey: string;
  channel: number;
  submittedAt: Date;
  /** When the receipt worker assigned the code (NgayTiepNhan). */
  receivedAt: Date | null;
  dueDate: string | null;
  statusCode: number | null;
  outcome: string | null;
  applicantName: string | null;
  submittedData: Record<string, unknown>;
  documents: Array<{ slot: number; name: string; fileId: string; source: string; mediaType: string }>;
  /** Issued documents the applicant sees (signed result, letters), oldest first. */
  issued: Array<{ kind: string; title: string; eventKey: string; createdAt: Date }>;
  /** History events of supplement rounds, oldest first (kind + when + who + text). */
  supplements: Array<{ kind: string; at: Date; actor: string; textVi: string }>;
  /** When the dossier reached an end status (3, 7, 8, 10), if it did. */
  endedAt: Date | null;
  /** The fee was paid online (the payment records' mark on the dossier). */
  paidOnline: boolean;
  /** The applicant's account is linked to a citizen ID through single sign-on (national SSO / VNeID). */
  applicantIdentityLinked: boolean;
}

const SUPPLEMENT_KINDS = ['supplement-requested', 'supplemented', 'supplement-sent'];
const END_STATUSES = [3, 7, 8, 10];

/** Reads the dossier's current data for a sync message; null when the dossier is unknown. */
export async function readDvcqgDossierSnapshot(
  ds: DataSource,
  dossierId: string,
): Promise<DvcqgDossierSnapshot | null> {
  const d = await ds.getRepository(DossierEntity).findOneBy({ id: dossierId });
  if (!d) return null;
  const assignment = d.processInstanceId
    ? await ds
        .getRepository(DossierCodeAssignmentEntity)
        .findOneBy({ processInstanceId: d.processInstanceId })
    : null;
  const attachments = await ds
    .getRepository(DossierAttachmentEntity)
    .find({ where: { dossierId, state: 'current' }, order: { slot: 'ASC', createdAt: 'ASC' } });
  const issued = await ds
    .getRepository(DossierDocumentEntity)
    .find({ where: { dossierId }, order: { createdAt: 'ASC', id: 'ASC' } });
  const history = await ds.getRepository(DossierHistoryEntity).find({
    where: { dossierId, kind: In(SUPPLEMENT_KINDS) },
    order: { at: 'ASC', id: 'ASC' },
  });
  const end = await ds.getRepository(DossierHistoryEntity).findOne({
    where: { dossierId, statusCode: In(END_STATUSES) },
    order: { at: 'DESC', id: 'DESC' },
  });
  const linked = await ds.getRepository(PortalUserCitizenIdEntity).countBy({ userId: d.applicantId });
  let submittedData: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(d.submittedData) as unknown;
    if (parsed && typeof parsed === 'object') submittedData = parsed as Record<string, unknown>;
  } catch {
    // A row without parseable data still syncs its status.
  }
  return {
    dossierId,
    dossierCode: d.dossierCode ?? assignment?.dossierCode ?? null,
    procedureCode: d.procedureCode,
    procedureKey: d.procedureKey,
    channel: Number(d.channel),
    submittedAt: new Date(d.submittedAt),
    receivedAt: assignment ? new Date(assignment.assignedAt) : null,
    dueDate: d.dueDate,
    statusCode: d.statusCode === null ? null : Number(d.statusCode),
    outcome: d.outcome,
    applicantName: d.applicantName,
    submittedData,
    documents: attachments.map((a) => ({
      slot: Number(a.slot),
      name: a.documentName,
      fileId: a.fileId,
      source: a.source,
      mediaType: a.mediaType,
    })),
    issued: issued.map((x) => ({
      kind: x.kind,
      title: x.titleVi,
      eventKey: x.eventKey,
      createdAt: new Date(x.createdAt),
    })),
    supplements: history.map((h) => ({ kind: h.kind, at: new Date(h.at), actor: h.actor, textVi: h.textVi })),
    endedAt: end ? new Date(end.at) : null,
    paidOnline: d.paidOnlineAt !== null && d.paidOnlineAt !== undefined,
    applicantIdentityLinked: linked > 0,
  };
}

/** Display names of portal users by id (progress entries name who acted); unknown ids are absent. */
export async function readUserDisplayNames(ds: DataSource, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await ds
    .getRepository(PortalUserEntity)
    .find({ select: { id: true, displayName: true }, where: { id: In(ids) } });
  return new Map(rows.map((r) => [r.id, r.displayName]));
}
