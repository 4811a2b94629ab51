import Router from '@koa/router';
import { z } from 'zod';
import { statusLabelVi, type DossierStatusCode } from '@motcua/domain';
import type { AuditStore } from '@motcua/db/portal';
import { requireRole } from '../auth/auth-middleware.js';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import { deskFormPage, deskProceduresPage } from '../views/desk-intake-pages.js';
import { scopes } from '../documents/document-scopes.js';
import { procedureDocuments } from '../documents/document-slots.js';
import type { DocumentService } from '../documents/document.service.js';
import { documentUploadSlots } from '../views/document-parts.js';
import type { DeskIntakeService } from './desk-intake.service.js';

const labels = (code: number) => statusLabelVi(code as DossierStatusCode);
const body = z
  .object({
    data: z.record(z.string(), z.unknown()),
    meta: z.unknown().optional(),
    documents: z.unknown().optional(),
  })
  .loose();

export interface DeskIntakeRoutesDeps {
  desk: DeskIntakeService;
  /** The scans of the paper documents (upload slots on the desk's page). */
  documents: DocumentService;
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
    const scans = documentUploadSlots({
      slots: procedureDocuments(entry).slots,
      uploadUrl: `/can-bo/tiep-nhan/${encodeURIComponent(entry.key)}/tai-lieu`,
      maxFileBytes: d.documents.limits.maxFileBytes,
      staged: await d.documents.staged(user.id, scopes.desk(entry.key)),
      title: 'Bản quét thành phần hồ sơ giấy',
      intro:
        'Quét hoặc chụp các giấy tờ người nộp mang đến và tải lên từng thành phần (không bắt buộc: bản giấy được kiểm tra ở bước kiểm tra tính đầy đủ).',
    });
    ctx.type = 'html';
    ctx.body = deskFormPage(pageContext(ctx), entry, schema, d.desk.channelsOf(entry), scans).toString();
  });

  router.post('/:key', async (ctx) => {
    const user = await staff(ctx);
    const entry = await d.desk.authorize(user, ctx.params.key!, ctx.ip);
    const parsed = body.safeParse(ctx.request.body);
    // A malformed body is validated as it is: the answer lists what is missing (400).
    const { dossier, progress } = parsed.success
      ? await d.desk.receive(user, entry, parsed.data.meta, parsed.data.data, ctx.ip, parsed.data.documents)
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
