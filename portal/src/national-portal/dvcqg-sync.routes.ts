import Router from '@koa/router';
import { z } from 'zod';
import type { AuditStore } from '@motcua/db/portal';
import { NotFoundError } from '@motcua/domain';
import { requireRole } from '../auth/auth-middleware.js';
import type { PortalState } from '../http/state.js';
import type { OfficerActionsService } from '../officer/officer-actions.service.js';
import type { DvcqgSyncService } from './dvcqg-sync.service.js';

export interface DvcqgSyncRoutesDeps {
  sync: DvcqgSyncService;
  /** The officers' access check on a dossier (a step in its procedure). */
  actions: OfficerActionsService;
  audit: AuditStore;
}

/** Resending a dossier's failed national-portal sync from the officer's dossier page (CSRF by the app). */
export function dvcqgSyncRoutes(d: DvcqgSyncRoutesDeps): Router<PortalState> {
  const router = new Router<PortalState>({ prefix: '/can-bo' });
  router.post('/ho-so/:id/dong-bo-dvcqg/gui-lai', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'officer', 'leader');
    const id = z.uuid().safeParse(ctx.params.id);
    if (!id.success) throw new NotFoundError('Malformed dossier id');
    const { dossier } = await d.actions.open(user, id.data, 'view', ctx.ip);
    await d.sync.resend(user, dossier.id, ctx.ip);
    ctx.redirect(`/can-bo/ho-so/${dossier.id}?xong=dong-bo#dong-bo-dvcqg`);
  });
  return router;
}
