import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError } from '@motcua/domain';
import type { AuditStore, DossierLifeStore } from '@motcua/db/portal';
import type { Catalogue } from '../catalogue/catalogue.js';
import { requireRole } from '../auth/auth-middleware.js';
import { safeNext } from '../auth/safe-redirect.js';
import type { DossierService } from '../dossiers/dossier-service.js';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import { inboxPage, taskPage } from '../views/inbox-pages.js';
import type { OfficerActionsService } from '../officer/officer-actions.service.js';
import type { DocumentService } from '../documents/document.service.js';
import { documentRequestForm } from '../views/document-parts.js';
import type { InboxService } from './inbox-service.js';
import { stepNotes, type StepNotesDeps } from '../officer/step-notes.js';

const completeBody = z.object({
  data: z.record(z.string(), z.unknown()),
  meta: z.record(z.string(), z.unknown()).optional(),
});
/** The completeness check: where the desk names the documents a supplement must bring. */
const COMPLETENESS_TASK = 'UserTask_CheckCompleteness';
const backBody = z.object({ back: z.string().max(500).optional() }).loose();
const taskId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9:._-]+$/);

export interface InboxRoutesDeps {
  /** The dossier's files beside the task, and the desk's request of documents. */
  documents: DocumentService;
  inbox: InboxService;
  dossiers: DossierService;
  catalogue: Catalogue;
  audit: AuditStore;
  lifeStore: DossierLifeStore;
  officerActions: OfficerActionsService;
  notes: StepNotesDeps;
}

/** `?trang=N` (1-based); anything else is the first page. */
function pageNumber(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 ? n : 1;
}

/** The officer inbox (roles officer and leader): list, open, claim, unclaim, complete. */
export function inboxRoutes(d: InboxRoutesDeps): Router<PortalState> {
  const router = new Router<PortalState>({ prefix: '/can-bo' });
  const staff = (ctx: PortalContext) => requireRole(ctx, d.audit, 'officer', 'leader');
  const idOf = (raw: string | undefined) => {
    const id = taskId.safeParse(raw);
    if (!id.success) throw new NotFoundError('Malformed task id');
    return id.data;
  };

  router.get('/cong-viec', async (ctx) => {
    const user = await staff(ctx);
    const page = pageNumber(ctx.query.trang);
    const [inbox, notifications, waiting] = await Promise.all([
      d.inbox.list(user, page),
      d.lifeStore.listNotifications(user.groups),
      d.officerActions.waiting(user).catch(() => []),
    ]);
    const seen = await d.lifeStore.notificationsSeen(
      user.id,
      notifications.map((n) => n.id),
    );
    const flash = ctx.query.xong === '1' ? 'Đã hoàn thành công việc.' : undefined;
    ctx.type = 'html';
    ctx.body = inboxPage(pageContext(ctx), user.id, inbox.items, flash, notifications, new Date(), {
      waiting,
      seen,
      paging: inbox,
    }).toString();
  });

  router.get('/cong-viec/:id', async (ctx) => {
    const user = await staff(ctx);
    const t = await d.inbox.authorize(user, idOf(ctx.params.id), 'view', ctx.ip);
    const progress = t.dossier ? await d.dossiers.progressOf(t.dossier).catch(() => null) : null;
    const startForm = await d.dossiers.applicationFormOf(
      { processInstanceId: t.task.processInstanceId },
      t.procedure ?? undefined,
    );
    // What the earlier steps noted (the desk's check, the appraiser's opinion) for the one deciding now.
    const notes = await stepNotes(d.notes, t.task.processInstanceId, t.procedure).catch(() => []);
    const files = t.dossier ? await d.documents.forDossier(t.dossier.id) : [];
    const wanted = typeof ctx.query.xem === 'string' ? ctx.query.xem : null;
    const slots = t.procedure ? d.documents.slots(t.procedure) : [];
    ctx.type = 'html';
    ctx.body = taskPage(pageContext(ctx), user.id, t, progress, startForm, notes, {
      files,
      // The chosen file, else the first current PDF or image, is previewed beside the form.
      selected:
        files.find((f) => f.id === wanted) ??
        files.find(
          (f) =>
            f.state === 'current' && (f.mediaType === 'application/pdf' || f.mediaType.startsWith('image/')),
        ) ??
        null,
      ...(t.task.taskDefinitionKey === COMPLETENESS_TASK && slots.length
        ? { requestForm: documentRequestForm(slots) }
        : {}),
    }).toString();
  });

  router.post('/cong-viec/:id/nhan', async (ctx) => {
    const user = await staff(ctx);
    const id = idOf(ctx.params.id);
    await d.inbox.claim(user, id, ctx.ip);
    ctx.redirect(
      safeNext(backBody.parse(ctx.request.body ?? {}).back, `/can-bo/cong-viec/${encodeURIComponent(id)}`),
    );
  });

  router.post('/cong-viec/:id/tra-lai', async (ctx) => {
    const user = await staff(ctx);
    await d.inbox.unclaim(user, idOf(ctx.params.id), ctx.ip);
    ctx.redirect(safeNext(backBody.parse(ctx.request.body ?? {}).back, '/can-bo/cong-viec'));
  });

  router.post('/cong-viec/:id/hoan-thanh', async (ctx) => {
    const user = await staff(ctx);
    const id = idOf(ctx.params.id);
    const body = completeBody.safeParse(ctx.request.body);
    const data = body.success ? body.data.data : ctx.request.body;
    // The documents a supplement must bring are read (and their reasons checked) before the task
    // is completed, so a bad request changes nothing; they count only when a supplement is asked.
    const t = await d.inbox.authorize(user, id, 'complete', ctx.ip);
    const asksSupplement =
      body.success && body.data.data.complete === false && body.data.data.requestSupplement === true;
    const requested =
      t.task.taskDefinitionKey === COMPLETENESS_TASK && t.procedure && asksSupplement
        ? d.documents.parseRequest(t.procedure, body.data?.meta)
        : [];
    await d.inbox.complete(user, id, data, ctx.ip);
    if (requested.length && t.dossier)
      await d.documents.recordRequest(t.dossier, requested, { actor: user.id, ip: ctx.ip });
    ctx.body = { redirect: '/can-bo/cong-viec?xong=1' };
  });

  return router;
}
