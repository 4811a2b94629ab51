import { z } from 'zod';
import { NotFoundError } from '@motcua/domain';
import type { AuditStore, Dossier, DossierStore, PortalUser } from '@motcua/db/portal';
import type { PortalContext } from '../http/state.js';

const dossierId = z.uuid();

/**
 * The applicant's own dossier named by `:id`. Someone else's answers exactly like a missing one
 * (no IDOR, no oracle), and the refusal is audited.
 */
export async function ownDossier(
  deps: { dossiers: DossierStore; audit: AuditStore },
  ctx: PortalContext,
  user: PortalUser,
): Promise<Dossier> {
  const id = dossierId.safeParse(ctx.params.id);
  const dossier = id.success ? await deps.dossiers.findById(id.data) : null;
  if (!dossier || dossier.applicantId !== user.id) {
    if (dossier)
      await deps.audit.append({
        actor: user.id,
        action: 'access.denied',
        target: `dossier:${dossier.id}`,
        detail: { reason: 'not-owner', path: ctx.path },
        ip: ctx.ip,
      });
    throw new NotFoundError('No such dossier');
  }
  return dossier;
}
