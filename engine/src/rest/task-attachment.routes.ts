import type { Context } from 'koa';
import type { EngineAttachment } from '@motcua/db/engine';
import {
  attachmentContent,
  createAttachment,
  deleteAttachment,
  getAttachment,
  listAttachments,
} from '../attachments/attachment.service.js';
import { formatCamundaDate } from '../variables/typed-value.js';
import { fileUpload, multipartOf, sendFile } from './file-response.js';
import { noContent, sendJson } from './http.js';
import { actingUserOf, baseUrlOf, engineOf, type RouteDeps } from './rest-context.js';

/** Camunda's AttachmentDto; `links` holds `self` only in the answer to create. */
function attachmentDto(a: EngineAttachment, self: string | null) {
  return {
    links: self ? [{ method: 'GET', href: self, rel: 'self' }] : [],
    id: a.id,
    name: a.name,
    description: a.description,
    taskId: a.taskId,
    type: a.type,
    url: a.url,
    createTime: formatCamundaDate(a.createTime),
    removalTime: null,
    rootProcessInstanceId: a.processInstanceId,
  };
}

const text = (fields: Record<string, unknown>, key: string): string | null => {
  const v = fields[key];
  return typeof v === 'string' && v !== '' ? v : null;
};

/**
 * Task attachments: `POST /task/{id}/attachment/create` (multipart `attachment-name`,
 * `attachment-description`, `attachment-type`, and `url` or a `content` file), list, get, the
 * content (`…/data`, always a download) and delete. Authorization is the task's (security.ts):
 * who may read the task may read its attachments; adding and deleting need UPDATE on it.
 */
export function taskAttachmentRoutes({ router, core }: RouteDeps): void {
  router.post('/task/:id/attachment/create', fileUpload(core), async (ctx: Context) => {
    const { fields, files } = multipartOf(ctx);
    const file = files.find((f) => f.fieldname === 'content');
    const inline = text(fields, 'content'); // a text part instead of a file
    const a = await createAttachment(
      engineOf(core, ctx),
      ctx.params.id!,
      {
        name: text(fields, 'attachment-name'),
        description: text(fields, 'attachment-description'),
        type: text(fields, 'attachment-type'),
        url: text(fields, 'url'),
        content: file
          ? { bytes: file.buffer, filename: file.originalname || null, mimeType: file.mimetype || null }
          : inline !== null
            ? { bytes: Buffer.from(inline, 'utf8'), filename: null, mimeType: null }
            : null,
      },
      actingUserOf(ctx),
    );
    sendJson(ctx, attachmentDto(a, `${baseUrlOf(ctx)}/task/${a.taskId}/attachment/${a.id}`));
  });
  router.get('/task/:id/attachment', async (ctx) => {
    sendJson(
      ctx,
      (await listAttachments(engineOf(core, ctx), ctx.params.id!)).map((a) => attachmentDto(a, null)),
    );
  });
  router.get('/task/:id/attachment/:attachmentId', async (ctx) => {
    sendJson(
      ctx,
      attachmentDto(await getAttachment(engineOf(core, ctx), ctx.params.id!, ctx.params.attachmentId!), null),
    );
  });
  router.get('/task/:id/attachment/:attachmentId/data', async (ctx) => {
    const { content, filename } = await attachmentContent(
      engineOf(core, ctx),
      ctx.params.id!,
      ctx.params.attachmentId!,
    );
    // Camunda serves attachment content as octet-stream whatever its declared type; so do we.
    sendFile(ctx, content, { mimeType: 'application/octet-stream', filename });
  });
  router.delete('/task/:id/attachment/:attachmentId', async (ctx) => {
    await deleteAttachment(engineOf(core, ctx), ctx.params.id!, ctx.params.attachmentId!);
    noContent(ctx);
  });
}
