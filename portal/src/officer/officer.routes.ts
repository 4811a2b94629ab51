import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError, statusLabelVi, type DossierStatusCode } from '@motcua/domain';
import type { AuditStore, Dossier, DossierLifeStore, DossierStore, PortalUser } from '@motcua/db/portal';
import type { Catalogue, CatalogueEntry } from '../catalogue/catalogue.js';
import { requireRole } from '../auth/auth-middleware.js';
import type { DossierService } from '../dossiers/dossier-service.js';
import type { DossierProgress } from '../dossiers/dossier-status.js';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import { printView } from '../dossiers/legal-form-print.js';
import { availableForms } from '../views/legal-forms.js';
import { officerDossierPage, reminderPage, type FormReply } from '../views/officer-pages.js';
import {
  AGENCY_WAIT,
  OfficerInputError,
  PAYMENT_WAIT,
  type OfficerActionsService,
} from './officer-actions.service.js';
import type { ProcessDiagramService } from './process-diagram.service.js';
import type { DvcqgSyncService } from '../national-portal/dvcqg-sync.service.js';
import type { DocumentService } from '../documents/document.service.js';
import { mayAct, type OfficerAction } from './procedure-groups.js';
import type { OfficerDossierListService, OfficerListQuery } from './officer-dossier-list.service.js';
import { stepNotes, type StepNotesDeps } from './step-notes.js';
import { officerDossierListPage } from '../views/officer-list-pages.js';

const labels = (code: number) => statusLabelVi(code as DossierStatusCode);
const dossierId = z.uuid();
const notificationId = z.coerce.number().int().positive().max(2_147_483_647);
const text = (max: number) =>
  z
    .string()
    .transform((v) => v.trim().slice(0, max))
    .optional()
    .catch(undefined);
/** The list's query string; anything malformed is ignored (the list shows unfiltered). */
const listQuery = z.object({
  ma: text(64),
  'nguoi-nop': text(100),
  'thu-tuc': text(100),
  'trang-thai': z.coerce.number().int().min(1).max(10).optional().catch(undefined),
  han: z.enum(['sap-den-han', 'qua-han']).optional().catch(undefined),
  trang: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
const FLASH: Record<string, string> = {
  'le-phi': 'Đã ghi nhận lệ phí đã nộp; hồ sơ được chuyển xử lý tiếp.',
  'phoi-hop': 'Đã ghi nhận ý kiến của cơ quan phối hợp; hồ sơ được xử lý tiếp.',
  'dong-bo': 'Đã đưa hồ sơ vào hàng đợi gửi lại Cổng Dịch vụ công quốc gia.',
  'tiep-nhan':
    'Đã tiếp nhận hồ sơ. Hoàn thành bước kiểm tra tính đầy đủ, hợp lệ trong mục Công việc cần xử lý; khi hồ sơ được tiếp nhận, Giấy tiếp nhận và hẹn trả kết quả (mẫu 01) có ở mục Biểu mẫu để in và giao cho người nộp.',
};

export interface OfficerRoutesDeps {
  /** The dossier's uploaded files. */
  documents: DocumentService;
  actions: OfficerActionsService;
  list: OfficerDossierListService;
  notes: StepNotesDeps;
  dossiers: DossierService;
  dossierStore: DossierStore;
  catalogue: Catalogue;
  audit: AuditStore;
  lifeStore: DossierLifeStore;
  /** The process diagram of the dossier's instance (data read from the engine by the server). */
  diagram: ProcessDiagramService;
  /** The dossier's national-portal sync state shown on its page. */
  dvcqgSync?: DvcqgSyncService;
  clock?: () => Date;
}

/**
 * Officers on a dossier outside a user task (prefix `/can-bo`): the dossier page of a procedure
 * they have a step in, recording a fee paid and another agency's reply, the printable forms, and
 * the leader's deadline reminders (open, see the due date, mark seen).
 */
export function officerRoutes(d: OfficerRoutesDeps): Router<PortalState> {
  const router = new Router<PortalState>({ prefix: '/can-bo' });
  const staff = (ctx: PortalContext) => requireRole(ctx, d.audit, 'officer', 'leader');
  const clock = d.clock ?? (() => new Date());

  const open = (ctx: PortalContext, user: PortalUser, action: OfficerAction) => {
    const id = dossierId.safeParse(ctx.params.id);
    if (!id.success) throw new NotFoundError('Malformed dossier id');
    return d.actions.open(user, id.data, action, ctx.ip);
  };

  async function render(
    ctx: PortalContext,
    user: PortalUser,
    dossier: Dossier,
    procedure: CatalogueEntry,
    o: { reply?: FormReply; status?: number } = {},
  ): Promise<void> {
    const progress: DossierProgress | null = await d.dossiers.progressOf(dossier).catch(() => null);
    const [history, documents, steps, notes, files, dvcqgSync] = await Promise.all([
      d.lifeStore.listHistory(dossier.id),
      d.lifeStore.listDocuments(dossier.id),
      dossier.processInstanceId
        ? d.diagram.stepsOf(dossier.processInstanceId).catch(() => null)
        : Promise.resolve(null),
      stepNotes(d.notes, dossier.processInstanceId, procedure).catch(() => []),
      d.documents.forDossier(dossier.id),
      d.dvcqgSync?.stateOf(dossier.id),
    ]);
    const active = progress?.activeActivityIds ?? [];
    const flash = typeof ctx.query.xong === 'string' ? FLASH[ctx.query.xong] : undefined;
    ctx.status = o.status ?? 200;
    ctx.type = 'html';
    ctx.body = officerDossierPage(
      pageContext(ctx),
      {
        dossier,
        procedure,
        progress,
        schema: await d.dossiers.applicationFormOf(dossier, procedure),
        history,
        documents,
        files,
        forms: availableForms({ dossier, procedure, progress, history, documents }),
        notes,
        actions: {
          payment: active.includes(PAYMENT_WAIT) && mayAct(user.groups, procedure, 'record-payment'),
          agencyReply: active.includes(AGENCY_WAIT) && mayAct(user.groups, procedure, 'record-agency-reply'),
        },
        diagram: dossier.processInstanceId ? { src: `/can-bo/ho-so/${dossier.id}/so-do.json`, steps } : null,
        ...(o.reply ? { reply: o.reply } : {}),
        ...(flash ? { flash } : {}),
        ...(dvcqgSync ? { dvcqgSync } : {}),
      },
      labels,
    ).toString();
  }

  router.get('/ho-so', async (ctx) => {
    const user = await staff(ctx);
    const raw = listQuery.parse(ctx.query);
    const q: OfficerListQuery = {
      ...(raw.ma ? { code: raw.ma } : {}),
      ...(raw['nguoi-nop'] ? { applicant: raw['nguoi-nop'] } : {}),
      ...(raw['thu-tuc'] ? { procedure: raw['thu-tuc'] } : {}),
      ...(raw['trang-thai'] !== undefined ? { statusCode: raw['trang-thai'] } : {}),
      ...(raw.han ? { due: raw.han === 'qua-han' ? ('overdue' as const) : ('near' as const) } : {}),
      page: raw.trang ?? 1,
    };
    const page = await d.list.list(user, q);
    ctx.type = 'html';
    ctx.body = officerDossierListPage(pageContext(ctx), q, page, labels, clock()).toString();
  });

  router.get('/ho-so/:id', async (ctx) => {
    const user = await staff(ctx);
    const { dossier, procedure } = await open(ctx, user, 'view');
    await render(ctx, user, dossier, procedure);
  });

  // The diagram's data for the page's script, with the page's own access check: the browser
  // never calls the engine.
  router.get('/ho-so/:id/so-do.json', async (ctx) => {
    const user = await staff(ctx);
    const { dossier } = await open(ctx, user, 'view');
    if (!dossier.processInstanceId) throw new NotFoundError('The dossier has no process instance');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await d.diagram.diagramOf(dossier.processInstanceId);
  });

  /** A form post that records something: errors show the page again with what was typed. */
  const recording = (
    action: 'record-payment' | 'record-agency-reply',
    which: FormReply['which'],
    done: string,
    record: (user: PortalUser, dossier: Dossier, body: unknown, ip: string) => Promise<void>,
  ) =>
    async function (ctx: PortalContext) {
      const user = await staff(ctx);
      const { dossier, procedure } = await open(ctx, user, action);
      const body = (ctx.request.body ?? {}) as Record<string, unknown>;
      const values = Object.fromEntries(
        Object.entries(body)
          .filter(([k, v]) => k !== '_csrf' && typeof v === 'string')
          .map(([k, v]) => [k, String(v).slice(0, 2000)]),
      );
      try {
        await record(user, dossier, body, ctx.ip);
      } catch (err) {
        if (err instanceof OfficerInputError)
          return render(ctx, user, dossier, procedure, {
            status: 400,
            reply: { which, values, errors: err.fields, message: 'Vui lòng sửa các mục được đánh dấu.' },
          });
        const e = err as { kind?: string; message?: string };
        if (e.kind === 'conflict')
          return render(ctx, user, dossier, procedure, {
            status: 409,
            reply: { which, values, errors: {}, message: e.message ?? '' },
          });
        throw err;
      }
      ctx.redirect(`/can-bo/ho-so/${dossier.id}?xong=${done}`);
    };

  router.post(
    '/ho-so/:id/le-phi',
    recording('record-payment', 'payment', 'le-phi', (u, x, b, ip) => d.actions.recordPayment(u, x, b, ip)),
  );
  router.post(
    '/ho-so/:id/phoi-hop',
    recording('record-agency-reply', 'agency', 'phoi-hop', (u, x, b, ip) =>
      d.actions.recordAgencyReply(u, x, b, ip),
    ),
  );

  router.get('/ho-so/:id/in/:form', async (ctx) => {
    const user = await staff(ctx);
    const { dossier, procedure } = await open(ctx, user, 'view');
    ctx.type = 'html';
    ctx.body = await printView(d, dossier, procedure, ctx.params.form, `/can-bo/ho-so/${dossier.id}`);
  });

  /** The reminder, if it was sent to one of the user's groups; anyone else gets the 404 of a missing one. */
  async function reminder(ctx: PortalContext, user: PortalUser) {
    const id = notificationId.safeParse(ctx.params.id);
    const n = id.success ? await d.lifeStore.findNotification(id.data) : null;
    if (!n || !user.groups.includes(n.recipientGroup)) {
      if (n)
        await d.audit.append({
          actor: user.id,
          action: 'access.denied',
          target: `notification:${n.id}`,
          detail: { reason: 'not-recipient', path: ctx.path },
          ip: ctx.ip,
        });
      throw new NotFoundError('No such reminder');
    }
    return n;
  }

  router.get('/nhac-han/:id', async (ctx) => {
    const user = await staff(ctx);
    const n = await reminder(ctx, user);
    const dossier = await d.dossierStore.findById(n.dossierId);
    const progress = dossier ? await d.dossiers.progressOf(dossier).catch(() => null) : null;
    const seen = await d.lifeStore.notificationsSeen(user.id, [n.id]);
    ctx.type = 'html';
    ctx.body = reminderPage(pageContext(ctx), n, {
      dossier,
      procedure: dossier ? d.catalogue.get(dossier.procedureKey) : undefined,
      progress,
      seenAt: seen.get(n.id) ?? null,
      ...(ctx.query.xong === '1' ? { flash: 'Đã đánh dấu đã xem.' } : {}),
    }).toString();
  });

  router.post('/nhac-han/:id/da-xem', async (ctx) => {
    const user = await staff(ctx);
    const n = await reminder(ctx, user);
    // Only the first time is a decision worth an audit entry; a repeat changes nothing.
    if (await d.lifeStore.markNotificationSeen(n.id, user.id, clock()))
      await d.audit.append({
        actor: user.id,
        action: 'reminder.seen',
        target: `notification:${n.id}`,
        detail: { dossierId: n.dossierId, kind: n.kind },
        ip: ctx.ip,
      });
    ctx.redirect(`/can-bo/nhac-han/${n.id}?xong=1`);
  });

  return router;
}
