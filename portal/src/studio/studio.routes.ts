import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError, UserInputError } from '@motcua/domain';
import type { AuditStore } from '@motcua/db/portal';
import { requireRole } from '../auth/auth-middleware.js';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import {
  diffPage,
  draftPage,
  migrationDonePage,
  migrationPage,
  proceduresPage,
} from '../views/studio-pages.js';
import { CheckFailedError, type DraftOrigin, type DraftsService } from './drafts.service.js';
import type { MigrationService } from './migration.service.js';
import type { ProceduresOverview } from './procedures-overview.js';
import type { ProcedureSources } from './procedure-sources.js';
import type { SandboxRunsService } from './sandbox-runs.service.js';
import type { StudioEngine } from './studio-engine.js';
import { sandboxRoutes } from './studio-sandbox.routes.js';
import { diffVersions } from './version-diff.js';

export interface StudioRoutesDeps {
  audit: AuditStore;
  sources: ProcedureSources;
  overview: ProceduresOverview;
  drafts: DraftsService;
  migration: MigrationService;
  engine: StudioEngine;
  sandbox: SandboxRunsService;
}

/**
 * The form editor's CodeMirror inputs inject `<style>` elements, which no nonce can cover (neither
 * form-js-editor nor the properties panel takes one): the draft editor page alone allows inline
 * styles. Scripts stay `'self'`.
 */
const EDITOR_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

const draftId = z.uuid();
const definitionId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9:._-]+$/);
const openBody = z.object({
  key: z.string().min(1).max(200),
  from: z.string().min(1).max(100),
});
const saveBody = z.object({
  rev: z.number().int().min(1),
  bpmnXml: z.string().min(1),
  forms: z.record(z.string(), z.unknown()),
  dmnXml: z.string().nullable(),
});
const deployBody = z.object({ note: z.string().max(2000) });
const migrateBody = z.object({
  tu: definitionId,
  den: definitionId,
  hoSo: z.union([z.string().max(200), z.array(z.string().max(200)).max(500)]).optional(),
  note: z.string().max(2000),
});

function originOf(from: string): DraftOrigin {
  if (from === 'catalogue') return { kind: 'catalogue' };
  if (from === 'template') return { kind: 'template' };
  if (from.startsWith('version:')) {
    const id = definitionId.safeParse(from.slice('version:'.length));
    if (id.success) return { kind: 'version', definitionId: id.data };
  }
  throw new UserInputError('Nguồn của bản nháp không hợp lệ.');
}

/** `/thiet-ke`: the designer studio (role `designer` only; 401 signed out, 403 other roles). */
export function studioRoutes(d: StudioRoutesDeps): Router<PortalState> {
  const router = new Router<PortalState>({ prefix: '/thiet-ke' });
  const designer = (ctx: PortalContext) => requireRole(ctx, d.audit, 'designer');
  const idOf = (raw: string | undefined) => {
    const id = draftId.safeParse(raw);
    if (!id.success) throw new NotFoundError('Malformed draft id');
    return id.data;
  };

  router.get('/', async (ctx) => {
    await designer(ctx);
    const query = typeof ctx.query.q === 'string' ? ctx.query.q.slice(0, 200) : '';
    const procedures = await d.overview.list(query);
    ctx.type = 'html';
    ctx.body = proceduresPage(pageContext(ctx), query, procedures).toString();
  });

  router.post('/ban-nhap', async (ctx) => {
    const user = await designer(ctx);
    const body = openBody.safeParse(ctx.request.body);
    if (!body.success) throw new UserInputError('Yêu cầu mở bản nháp không hợp lệ.');
    const draft = await d.drafts.open(user, body.data.key, originOf(body.data.from));
    ctx.redirect(`/thiet-ke/ban-nhap/${draft.id}`);
  });

  router.get('/ban-nhap/:id', async (ctx) => {
    await designer(ctx);
    const draft = await d.drafts.get(idOf(ctx.params.id));
    const procedure = d.sources.get(draft.procedureKey);
    ctx.type = 'html';
    ctx.set('Content-Security-Policy', EDITOR_CSP);
    ctx.body = draftPage(pageContext(ctx), draft, procedure?.nameVi ?? draft.procedureKey).toString();
  });

  router.get('/api/ban-nhap/:id', async (ctx) => {
    await designer(ctx);
    const draft = await d.drafts.get(idOf(ctx.params.id));
    ctx.body = {
      id: draft.id,
      rev: draft.rev,
      procedureKey: draft.procedureKey,
      bpmnXml: draft.bpmnXml,
      forms: draft.forms,
      dmnXml: draft.dmnXml,
      authorName: draft.authorName,
      updatedAt: draft.updatedAt,
    };
  });

  router.put('/api/ban-nhap/:id', async (ctx) => {
    const user = await designer(ctx);
    const body = saveBody.safeParse(ctx.request.body);
    if (!body.success) throw new UserInputError('Nội dung bản nháp không hợp lệ.');
    const draft = await d.drafts.save(user, idOf(ctx.params.id), body.data);
    ctx.body = { rev: draft.rev, authorName: draft.authorName, updatedAt: draft.updatedAt };
  });

  router.post('/api/ban-nhap/:id/kiem-tra', async (ctx) => {
    await designer(ctx);
    ctx.body = await d.drafts.check(idOf(ctx.params.id));
  });

  router.post('/api/ban-nhap/:id/trien-khai', async (ctx) => {
    const user = await designer(ctx);
    const body = deployBody.safeParse(ctx.request.body);
    if (!body.success) throw new UserInputError('Yêu cầu triển khai không hợp lệ.');
    try {
      ctx.body = await d.drafts.deploy(user, idOf(ctx.params.id), body.data.note, ctx.ip);
    } catch (err) {
      if (!(err instanceof CheckFailedError)) throw err;
      ctx.status = 400;
      ctx.body = { message: err.message, check: err.check };
    }
  });

  sandboxRoutes(router, { sandbox: d.sandbox, designer, draftIdOf: idOf });

  router.get('/so-sanh', async (ctx) => {
    await designer(ctx);
    const a = definitionId.safeParse(ctx.query.a);
    const b = definitionId.safeParse(ctx.query.b);
    if (!a.success || !b.success) throw new NotFoundError('Malformed versions');
    const [older, newer] = await Promise.all([
      d.engine.definition(a.data).catch(() => null),
      d.engine.definition(b.data).catch(() => null),
    ]);
    if (!older || !newer || older.key !== newer.key || older.tenantId || newer.tenantId)
      throw new NotFoundError('Unknown versions');
    const [oldXml, newXml] = await Promise.all([
      d.engine.definitionXml(older.id),
      d.engine.definitionXml(newer.id),
    ]);
    const diff = await diffVersions(oldXml, newXml);
    ctx.type = 'html';
    ctx.body = diffPage(pageContext(ctx), { older, newer, oldXml, newXml, diff }).toString();
  });

  router.get('/chuyen-phien-ban', async (ctx) => {
    await designer(ctx);
    const from = definitionId.safeParse(ctx.query.tu);
    const to = definitionId.safeParse(ctx.query.den);
    if (!from.success || !to.success) throw new NotFoundError('Malformed versions');
    ctx.type = 'html';
    ctx.body = migrationPage(pageContext(ctx), await d.migration.preview(from.data, to.data)).toString();
  });

  router.post('/chuyen-phien-ban', async (ctx) => {
    const user = await designer(ctx);
    const body = migrateBody.safeParse(ctx.request.body);
    if (!body.success) throw new UserInputError('Yêu cầu chuyển phiên bản không hợp lệ.');
    const ids = body.data.hoSo === undefined ? [] : [body.data.hoSo].flat();
    try {
      const outcome = await d.migration.execute(
        user,
        { sourceId: body.data.tu, targetId: body.data.den, instanceIds: ids, note: body.data.note },
        ctx.ip,
      );
      ctx.type = 'html';
      ctx.body = migrationDonePage(pageContext(ctx), outcome).toString();
    } catch (err) {
      if (!(err instanceof UserInputError)) throw err;
      const preview = await d.migration.preview(body.data.tu, body.data.den);
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = migrationPage(pageContext(ctx), preview, err.message).toString();
    }
  });

  return router;
}
