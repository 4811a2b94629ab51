import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError, UserInputError } from '@motcua/domain';
import type { AuditStore, DossierAttachment, DossierStore, PortalUser } from '@motcua/db/portal';
import { requireRole, currentUser } from '../auth/auth-middleware.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { DeskIntakeService } from '../desk/desk-intake.service.js';
import type { DossierService } from '../dossiers/dossier-service.js';
import type { PortalContext, PortalState } from '../http/state.js';
import type { OfficerActionsService } from '../officer/officer-actions.service.js';
import { scopes } from './document-scopes.js';
import { DocumentService } from './document.service.js';
import { downloadName, extensionOf } from './upload-check.js';
import { uploadParser, UploadTooLargeError } from './upload-parser.js';
import { ownDossier as findOwnDossier } from '../dossiers/own-dossier.js';

const uuid = z.uuid();
const slotField = z.coerce.number().int().min(0).max(999);

/** What the browser gets back for a stored upload (shown in the slot's list). */
function stagedJson(a: DossierAttachment) {
  return { id: a.id, slot: a.slot, name: a.originalName ?? 'tệp', size: a.size, mediaType: a.mediaType };
}

/** Media types an officer may preview inline (rendered by the browser's PDF viewer or as an image). */
const PREVIEWABLE = new Set(['application/pdf', 'image/jpeg', 'image/png']);

/**
 * The response of a stored file. Always `nosniff` and a CSP that runs nothing (`sandbox`,
 * `default-src 'none'`), never cached by shared caches. `inline` only for the officer's preview
 * of a PDF or an image, framed by this origin's pages only; everything else is `attachment`.
 */
function sendFile(ctx: PortalContext, a: DossierAttachment, content: Buffer, o: { inline: boolean }): void {
  const inline = o.inline && PREVIEWABLE.has(a.mediaType);
  const name = downloadName(a.originalName, extensionOf(a.mediaType), 'tai-lieu');
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '_');
  ctx.set(
    'Content-Disposition',
    `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set(
    'Content-Security-Policy',
    inline
      ? // Chromium's PDF viewer needs scripts inside the sandboxed document; the bytes were checked
        // to be a PDF/image and are served with that type, so they are never read as HTML.
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox allow-scripts"
      : "default-src 'none'; frame-ancestors 'none'; sandbox",
  );
  ctx.set('X-Frame-Options', inline ? 'SAMEORIGIN' : 'DENY');
  ctx.type = a.mediaType;
  ctx.body = content;
}

export interface DocumentRoutesDeps {
  documents: DocumentService;
  catalogue: Catalogue;
  dossierStore: DossierStore;
  dossiers: DossierService;
  desk: DeskIntakeService;
  officerActions: OfficerActionsService;
  audit: AuditStore;
}

/**
 * Uploads (multipart, CSRF header, one file per request) for the application, the desk's scans
 * and a supplement round; discarding a staged upload; the files of a dossier for its applicant
 * (download) and the officers of its procedure (download, inline preview of PDFs and images).
 * Anyone else gets the 404 of a missing file, audited.
 */
export function documentRoutes(d: DocumentRoutesDeps): Router<PortalState> {
  const router = new Router<PortalState>();
  const parse = uploadParser(d.documents.limits);
  const staff = (ctx: PortalContext) => requireRole(ctx, d.audit, 'officer', 'leader');

  /** An upload refused by its size before the slot could be read is audited here. */
  const audited =
    (fn: (ctx: PortalContext) => Promise<void>) =>
    async (ctx: PortalContext): Promise<void> => {
      try {
        await fn(ctx);
      } catch (err) {
        if (err instanceof UploadTooLargeError)
          await d.audit.append({
            actor: ctx.state.user?.id ?? '?anonymous',
            action: 'document.upload-rejected',
            target: `${ctx.method} ${ctx.path}`,
            detail: { reason: 'too-large', contentLength: Number(ctx.get('content-length') || 0) },
            ip: ctx.ip,
          });
        throw err;
      }
    };

  const fileOf = (ctx: PortalContext) => {
    const f = ctx.request.file as { buffer: Buffer; originalname: string } | undefined;
    return f ? { buffer: f.buffer, originalName: f.originalname } : null;
  };
  const slotOf = (ctx: PortalContext) => {
    const s = slotField.safeParse((ctx.request.body as Record<string, unknown> | undefined)?.slot);
    if (!s.success) throw new UserInputError('Thành phần hồ sơ không hợp lệ.');
    return s.data;
  };

  const ownDossier = (ctx: PortalContext, user: PortalUser) =>
    findOwnDossier({ dossiers: d.dossierStore, audit: d.audit }, ctx, user);

  // The applicant's uploads while filling the application.
  router.post(
    '/thu-tuc/:key/tai-lieu',
    audited(async (ctx) => {
      const user = await requireRole(ctx, d.audit, 'applicant');
      const entry = d.catalogue.get(ctx.params.key!);
      if (!entry) throw new NotFoundError('No such procedure');
      await parse(ctx, async () => {});
      const staged = await d.documents.stage({
        entry,
        slot: slotOf(ctx),
        ownerId: user.id,
        scope: scopes.apply(entry.key),
        source: 'applicant',
        file: fileOf(ctx),
        ip: ctx.ip,
      });
      ctx.status = 201;
      ctx.body = stagedJson(staged);
    }),
  );

  // The desk's scans while receiving a dossier in person or by post.
  router.post(
    '/can-bo/tiep-nhan/:key/tai-lieu',
    audited(async (ctx) => {
      const user = await staff(ctx);
      const entry = await d.desk.authorize(user, ctx.params.key!, ctx.ip);
      await parse(ctx, async () => {});
      const staged = await d.documents.stage({
        entry,
        slot: slotOf(ctx),
        ownerId: user.id,
        scope: scopes.desk(entry.key),
        source: 'desk',
        file: fileOf(ctx),
        ip: ctx.ip,
      });
      ctx.status = 201;
      ctx.body = stagedJson(staged);
    }),
  );

  // The applicant's uploads for a supplement round: only the documents the desk asked for.
  router.post(
    '/ho-so/:id/tai-lieu',
    audited(async (ctx) => {
      const user = await requireRole(ctx, d.audit, 'applicant');
      const dossier = await ownDossier(ctx, user);
      const entry = d.catalogue.get(dossier.procedureKey);
      const progress = await d.dossiers.progressOf(dossier);
      if (!entry || !progress?.awaitingSupplement)
        throw new UserInputError('Hồ sơ hiện không ở trạng thái chờ bổ sung.');
      const requested = DocumentService.pendingRequest(await d.documents.history(dossier.id)).map(
        (r) => r.slot,
      );
      await parse(ctx, async () => {});
      const kept = (await d.documents.forDossier(dossier.id)).filter(
        (a) => a.state === 'current' && !requested.includes(a.slot),
      );
      const staged = await d.documents.stage({
        entry,
        slot: slotOf(ctx),
        allowedSlots: requested,
        ownerId: user.id,
        scope: scopes.supplement(dossier.id),
        source: 'supplement',
        file: fileOf(ctx),
        otherBytes: kept.reduce((n, a) => n + a.size, 0),
        ip: ctx.ip,
      });
      ctx.status = 201;
      ctx.body = stagedJson(staged);
    }),
  );

  // Removes one of the user's own staged uploads (a wrong file chosen).
  router.post('/tai-lieu-tam/:id/xoa', async (ctx) => {
    const user = currentUser(ctx);
    const id = uuid.safeParse(ctx.params.id);
    if (!id.success) throw new NotFoundError('No such staged upload');
    await d.documents.discard(user.id, id.data, ctx.ip);
    ctx.body = { ok: true };
  });

  // A file of the applicant's own dossier (current ones; replaced files are for officers).
  router.get('/ho-so/:id/tai-lieu/:file', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const dossier = await ownDossier(ctx, user);
    const { attachment, content } = await d.documents.file(dossier.id, ctx.params.file!, {
      includeReplaced: false,
    });
    sendFile(ctx, attachment, content, { inline: false });
  });

  // A file of a dossier of the officer's procedure; `?xem=1` previews a PDF/image inline.
  router.get('/can-bo/ho-so/:id/tai-lieu/:file', async (ctx) => {
    const user = await staff(ctx);
    const id = uuid.safeParse(ctx.params.id);
    if (!id.success) throw new NotFoundError('Malformed dossier id');
    const { dossier } = await d.officerActions.open(user, id.data, 'view', ctx.ip);
    const { attachment, content } = await d.documents.file(dossier.id, ctx.params.file!, {
      includeReplaced: true,
    });
    sendFile(ctx, attachment, content, { inline: ctx.query.xem === '1' });
  });

  return router;
}
