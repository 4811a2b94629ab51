import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError, statusLabelVi, type DossierStatusCode } from '@motcua/domain';
import type { AuditStore, DossierStore } from '@motcua/db';
import type { Catalogue } from '../catalogue/catalogue.js';
import { requireRole } from '../auth/auth-middleware.js';
import { pageContext, type PortalState } from '../http/state.js';
import {
  dossierPage,
  homePage,
  lookupPage,
  myDossiersPage,
  procedurePage,
} from '../views/applicant-pages.js';
import type { DossierService } from './dossier-service.js';
import type { DossierProgress } from './dossier-status.js';

const labels = (code: number) => statusLabelVi(code as DossierStatusCode);
const submitBody = z.object({ data: z.record(z.string(), z.unknown()) });
const dossierId = z.uuid();

export interface ApplicantRoutesDeps {
  catalogue: Catalogue;
  dossiers: DossierStore;
  audit: AuditStore;
  service: DossierService;
}

/** Applicant pages: procedures, the online application, my dossiers, and the public lookup. */
export function applicantRoutes(d: ApplicantRoutesDeps): Router<PortalState> {
  const router = new Router<PortalState>();

  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = homePage(pageContext(ctx), d.catalogue.entries).toString();
  });

  router.get('/thu-tuc/:key', (ctx) => {
    const entry = d.catalogue.get(ctx.params.key!);
    if (!entry) throw new NotFoundError('No such procedure');
    ctx.type = 'html';
    ctx.body = procedurePage(pageContext(ctx), entry, d.catalogue.startForm(entry)).toString();
  });

  router.post('/thu-tuc/:key/nop-ho-so', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const entry = d.catalogue.get(ctx.params.key!);
    if (!entry) throw new NotFoundError('No such procedure');
    const body = submitBody.safeParse(ctx.request.body);
    const data = body.success ? body.data.data : ctx.request.body;
    const { dossier, progress } = await d.service.submit(entry, user.id, data, ctx.ip);
    ctx.status = 201;
    ctx.body = {
      id: dossier.id,
      dossierCode: progress?.dossierCode ?? dossier.dossierCode,
      status: progress?.statusVi ?? labels(1),
      redirect: `/ho-so/${dossier.id}`,
    };
  });

  router.get('/ho-so-cua-toi', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const list = await d.dossiers.listByApplicant(user.id);
    ctx.type = 'html';
    ctx.body = myDossiersPage(
      pageContext(ctx),
      list.map((x) => ({ d: x, procedure: d.catalogue.get(x.procedureKey) })),
      labels,
    ).toString();
  });

  router.get('/ho-so/:id', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const id = dossierId.safeParse(ctx.params.id);
    const dossier = id.success ? await d.dossiers.findById(id.data) : null;
    // Someone else's dossier answers exactly like a missing one (no IDOR, no existence oracle).
    if (!dossier || dossier.applicantId !== user.id) {
      if (dossier)
        await d.audit.append({
          actor: user.id,
          action: 'access.denied',
          target: `dossier:${dossier.id}`,
          detail: { reason: 'not-owner' },
          ip: ctx.ip,
        });
      throw new NotFoundError('No such dossier');
    }
    let progress: DossierProgress | null = null;
    let engineDown = false;
    try {
      progress = await d.service.progressOf(dossier);
    } catch {
      engineDown = dossier.processInstanceId !== null;
    }
    const procedure = d.catalogue.get(dossier.procedureKey);
    const schema = procedure ? d.catalogue.startForm(procedure) : undefined;
    ctx.type = 'html';
    ctx.body = dossierPage(
      pageContext(ctx),
      dossier,
      procedure,
      schema,
      progress,
      engineDown,
      labels,
    ).toString();
  });

  router.get('/tra-cuu', async (ctx) => {
    const code = typeof ctx.query.ma === 'string' ? ctx.query.ma.trim().slice(0, 64) : '';
    let found = null;
    if (code) {
      const dossier = await d.service.findByCode(code);
      if (dossier) {
        const progress = await d.service.progressOf(dossier).catch(() => null);
        found = { d: dossier, procedure: d.catalogue.get(dossier.procedureKey), progress };
      }
    }
    ctx.type = 'html';
    ctx.body = lookupPage(pageContext(ctx), code, found, labels).toString();
  });

  return router;
}
