import Router from '@koa/router';
import { z } from 'zod';
import { statusLabelVi, type DossierStatusCode } from '@motcua/domain';
import type { AuditStore } from '@motcua/db';
import { requireRole } from '../auth/auth-middleware.js';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import { deskFormPage, deskProceduresPage } from '../views/desk-intake-pages.js';
import type { DeskIntakeService } from './desk-intake.service.js';

const labels = (code: number) => statusLabelVi(code as DossierStatusCode);
const body = z.object({ data: z.record(z.string(), z.unknown()), meta: z.unknown().optional() }).loose();

export interface DeskIntakeRoutesDeps {
  desk: DeskIntakeService;
  audit: AuditStore;
}

/**
 * The desk's receipt of dossiers in person or by post (prefix `/can-bo/tiep-nhan`): pick a
 * procedure, fill its applicant form for the applicant, submit (JSON, CSRF header as online);
 * the answer sends the officer to the receipt slip (form 01) to print and hand over.
 */
export function deskIntakeRoutes(d: DeskIntakeRoutesDeps): Router<PortalState> {
  const router = new Router<PortalState>({ prefix: '/can-bo/tiep-nhan' });
  const staff = (ctx: PortalContext) => requireRole(ctx, d.audit, 'officer', 'leader');

  router.get('/', async (ctx) => {
    const user = await staff(ctx);
    ctx.type = 'html';
    ctx.body = deskProceduresPage(pageContext(ctx), d.desk.proceduresFor(user)).toString();
  });

  router.get('/:key', async (ctx) => {
    const user = await staff(ctx);
    const entry = await d.desk.authorize(user, ctx.params.key!, ctx.ip);
    const schema = await d.desk.startForm(entry);
    ctx.type = 'html';
    ctx.body = deskFormPage(pageContext(ctx), entry, schema, d.desk.channelsOf(entry)).toString();
  });

  router.post('/:key', async (ctx) => {
    const user = await staff(ctx);
    const entry = await d.desk.authorize(user, ctx.params.key!, ctx.ip);
    const parsed = body.safeParse(ctx.request.body);
    // A malformed body is validated as it is: the answer lists what is missing (400).
    const { dossier, progress } = parsed.success
      ? await d.desk.receive(user, entry, parsed.data.meta, parsed.data.data, ctx.ip)
      : await d.desk.receive(user, entry, undefined, ctx.request.body, ctx.ip);
    ctx.status = 201;
    ctx.body = {
      id: dossier.id,
      dossierCode: progress?.dossierCode ?? dossier.dossierCode,
      channel: dossier.channel,
      status: progress?.statusVi ?? labels(1),
      // Form 01 is issued when the completeness check accepts the dossier: the dossier page links
      // the check's task and, once accepted, the slip.
      redirect: `/can-bo/ho-so/${dossier.id}?xong=tiep-nhan`,
      slip: `/can-bo/ho-so/${dossier.id}/in/01`,
    };
  });

  return router;
}
