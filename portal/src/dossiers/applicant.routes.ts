import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError, statusLabelVi, type DossierStatusCode } from '@motcua/domain';
import type { AuditStore, DossierLifeStore, DossierStore, PortalUser } from '@motcua/db/portal';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { EngineClient } from '../engine/engine-client.js';
import { requireRole } from '../auth/auth-middleware.js';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import { withdrawPage } from '../views/dossier-life-parts.js';
import { availableForms } from '../views/legal-forms.js';
import { dossierPage, myDossiersPage } from '../views/applicant-pages.js';
import { ratingPage } from '../views/rating-parts.js';
import { scopes } from '../documents/document-scopes.js';
import { procedureDocuments } from '../documents/document-slots.js';
import { DocumentService } from '../documents/document.service.js';
import { documentUploadSlots, requestedDocumentsList } from '../views/document-parts.js';
import { html } from '../http/html.js';
import type { DossierLifeService } from './dossier-life.service.js';
import type { DossierService } from './dossier-service.js';
import type { SatisfactionService } from './satisfaction.service.js';
import { printView } from './legal-form-print.js';
import type { DossierProgress } from './dossier-status.js';
import { ownDossier as findOwnDossier } from './own-dossier.js';
import type { PaymentService } from '../payment/payment.service.js';
import { paymentSection } from '../views/payment-pages.js';

const labels = (code: number) => statusLabelVi(code as DossierStatusCode);
const submitBody = z.object({ data: z.record(z.string(), z.unknown()), documents: z.unknown().optional() });
const withdrawBody = z
  .object({ reason: z.string().max(1000).default(''), confirm: z.string().optional() })
  .loose();
const FLASH: Record<string, string> = {
  'bo-sung': 'Đã gửi bổ sung hồ sơ. Cơ quan giải quyết sẽ kiểm tra lại hồ sơ.',
  rut: 'Đã gửi yêu cầu rút hồ sơ.',
  'danh-gia': 'Cảm ơn bạn đã đánh giá.',
};

export interface ApplicantRoutesDeps {
  /** The dossiers' documents (upload slots, the dossier's files). */
  documents: DocumentService;
  catalogue: Catalogue;
  dossiers: DossierStore;
  audit: AuditStore;
  service: DossierService;
  life: DossierLifeService;
  lifeStore: DossierLifeStore;
  /** For the signed result's download (the File variable `resultDocument`). */
  engine: EngineClient;
  satisfaction: SatisfactionService;
  /** Online fee payment, when configured: the "Nộp lệ phí trực tuyến" section. */
  payments?: PaymentService;
}

/** Applicant pages: the online application, my dossiers, a dossier and its life. */
export function applicantRoutes(d: ApplicantRoutesDeps): Router<PortalState> {
  const router = new Router<PortalState>();

  const ownDossier = (ctx: PortalContext, user: PortalUser) =>
    findOwnDossier({ dossiers: d.dossiers, audit: d.audit }, ctx, user);

  router.post('/thu-tuc/:key/nop-ho-so', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const entry = d.catalogue.get(ctx.params.key!);
    if (!entry) throw new NotFoundError('No such procedure');
    const body = submitBody.safeParse(ctx.request.body);
    const data = body.success ? body.data.data : ctx.request.body;
    const { dossier, progress } = await d.service.submit(entry, user.id, data, ctx.ip, undefined, {
      selection: body.success ? body.data.documents : undefined,
      requireMandatory: true,
    });
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
    const dossier = await ownDossier(ctx, user);
    let progress: DossierProgress | null = null;
    let engineDown = false;
    try {
      progress = await d.service.progressOf(dossier);
    } catch {
      engineDown = dossier.processInstanceId !== null;
    }
    const procedure = d.catalogue.get(dossier.procedureKey);
    const schema = await d.service.applicationFormOf(dossier, procedure);
    const [history, documents, rating, files] = await Promise.all([
      d.lifeStore.listHistory(dossier.id),
      d.lifeStore.listDocuments(dossier.id),
      d.satisfaction.ratingOf(dossier.id),
      d.documents.forDossier(dossier.id),
    ]);
    const flash = typeof ctx.query.xong === 'string' ? FLASH[ctx.query.xong] : undefined;
    const payment = d.payments
      ? paymentSection(pageContext(ctx), dossier, await d.payments.view(dossier, progress))
      : undefined;
    const requested = progress?.awaitingSupplement ? DocumentService.pendingRequest(history) : [];
    const supplementDocuments =
      requested.length && procedure
        ? html`${requestedDocumentsList(requested)}
          ${documentUploadSlots({
            slots: procedureDocuments(procedure).slots,
            only: requested.map((r) => r.slot),
            reasons: new Map(requested.map((r) => [r.slot, r.reason])),
            uploadUrl: `/ho-so/${dossier.id}/tai-lieu`,
            maxFileBytes: d.documents.limits.maxFileBytes,
            staged: await d.documents.staged(user.id, scopes.supplement(dossier.id)),
            title: 'Tải lên thành phần hồ sơ bổ sung, thay thế',
          })}`
        : undefined;
    ctx.type = 'html';
    ctx.body = dossierPage(
      pageContext(ctx),
      dossier,
      procedure,
      schema,
      progress,
      engineDown,
      labels,
      {
        history,
        documents,
        files,
        ...(supplementDocuments ? { supplementDocuments } : {}),
        ...(payment ? { payment } : {}),
        forms: availableForms({ dossier, procedure, progress, history, documents }),
        supplementForm:
          progress?.awaitingSupplement && procedure
            ? await d.life.supplementForm(dossier, procedure).catch(() => undefined)
            : undefined,
        canWithdraw: d.life.withdrawalRefusal(dossier, progress, procedure) === null,
        rating: { open: d.satisfaction.canRate(progress), given: rating },
      },
      flash,
    ).toString();
  });

  // The printable legal forms (01–05) of the applicant's own dossier.
  router.get('/ho-so/:id/in/:form', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const dossier = await ownDossier(ctx, user);
    ctx.type = 'html';
    ctx.body = await printView(
      { dossiers: d.service, lifeStore: d.lifeStore },
      dossier,
      d.catalogue.get(dossier.procedureKey),
      ctx.params.form,
      `/ho-so/${dossier.id}`,
    );
  });

  // The signed electronic result (PAdES PDF) of the applicant's own dossier, as the signing
  // worker stored it in the engine; 404 until it is signed (and for anyone else's dossier).
  router.get('/ho-so/:id/ket-qua.pdf', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const dossier = await ownDossier(ctx, user);
    const file = dossier.processInstanceId
      ? await d.engine.fileVariable(dossier.processInstanceId, 'resultDocument')
      : null;
    if (!file || file.mimeType !== 'application/pdf') throw new NotFoundError('No signed result yet');
    const ascii = file.filename.replace(/[^A-Za-z0-9._-]/g, '_');
    ctx.set(
      'Content-Disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    );
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.type = 'application/pdf';
    ctx.body = file.content;
  });

  router.post('/ho-so/:id/bo-sung', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const dossier = await ownDossier(ctx, user);
    const body = submitBody.safeParse(ctx.request.body);
    await d.life.supplement(
      dossier,
      user.id,
      body.success ? body.data.data : ctx.request.body,
      ctx.ip,
      body.success ? { selection: body.data.documents } : undefined,
    );
    ctx.body = { redirect: `/ho-so/${dossier.id}?xong=bo-sung` };
  });

  // Satisfaction with the returned result: once per dossier (a second one → 409, the first stays).
  router.post('/ho-so/:id/danh-gia', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const dossier = await ownDossier(ctx, user);
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const outcome = await d.satisfaction.rate(
      dossier,
      user.id,
      { score: body.score, comment: body.comment },
      ctx.ip,
    );
    const again = (status: number, error: string) => {
      const score = Number(body.score);
      ctx.status = status;
      ctx.type = 'html';
      ctx.body = ratingPage(pageContext(ctx), dossier, {
        error,
        ...(Number.isInteger(score) ? { score } : {}),
        ...(typeof body.comment === 'string' ? { comment: body.comment.slice(0, 1000) } : {}),
      }).toString();
    };
    if (outcome.kind === 'invalid') return again(400, outcome.message);
    if (outcome.kind === 'not-yet') return again(409, 'Hồ sơ chưa có kết quả nên chưa thể đánh giá.');
    if (outcome.kind === 'already-rated')
      return again(409, 'Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.');
    ctx.redirect(`/ho-so/${dossier.id}?xong=danh-gia`);
  });

  router.get('/ho-so/:id/rut', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const dossier = await ownDossier(ctx, user);
    const procedure = d.catalogue.get(dossier.procedureKey);
    const progress = await d.service.progressOf(dossier).catch(() => null);
    const refusal = d.life.withdrawalRefusal(dossier, progress, procedure);
    if (refusal) ctx.status = 409;
    ctx.type = 'html';
    ctx.body = withdrawPage(pageContext(ctx), dossier, procedure?.nameVi ?? dossier.procedureKey, {
      ...(refusal ? { error: refusal, closed: true } : {}),
    }).toString();
  });

  router.post('/ho-so/:id/rut', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const dossier = await ownDossier(ctx, user);
    const body = withdrawBody.safeParse(ctx.request.body ?? {});
    const reason = body.success ? body.data.reason : '';
    const again = (status: number, error: string) => {
      ctx.status = status;
      ctx.type = 'html';
      ctx.body = withdrawPage(
        pageContext(ctx),
        dossier,
        d.catalogue.get(dossier.procedureKey)?.nameVi ?? '',
        {
          reason,
          error,
        },
      ).toString();
    };
    if (!body.success || body.data.confirm !== 'yes')
      return again(400, 'Vui lòng đánh dấu ô xác nhận để rút hồ sơ.');
    try {
      await d.life.withdraw(dossier, user.id, reason, ctx.ip);
    } catch (err) {
      const e = err as { kind?: string; message?: string };
      if (e.kind === 'user') return again(400, e.message ?? '');
      if (e.kind === 'conflict') return again(409, e.message ?? '');
      throw err;
    }
    ctx.redirect(`/ho-so/${dossier.id}?xong=rut`);
  });

  return router;
}
