import type { EngineComment } from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { deleteComment, deleteComments, updateComment } from '../services/comment.service.js';
import { addComment, comments } from '../services/task-actions.service.js';
import { formatCamundaDate } from '../variables/typed-value.js';
import { noContent, readJson, reqString, sendJson } from './http.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';

/** Camunda's CommentDto of a task comment, with its `self` link. */
const commentDto = (c: EngineComment, baseUrl: string) => ({
  id: c.id,
  userId: c.userId,
  taskId: c.taskId,
  processInstanceId: c.processInstanceId,
  time: formatCamundaDate(c.time),
  message: c.message,
  removalTime: null,
  rootProcessInstanceId: c.processInstanceId,
  links: [{ method: 'GET', href: `${baseUrl}/task/${c.taskId}/comment/${c.id}`, rel: 'self' }],
});

/** `/task/{id}/comment`: a task's comments — list, create, one, edit, delete (edits are logged). */
export function taskCommentRoutes({ router, core }: RouteDeps): void {
  router.get('/task/:id/comment', async (ctx) => {
    sendJson(
      ctx,
      (await comments(core, ctx.params.id!)).map((c) => commentDto(c, baseUrlOf(ctx))),
    );
  });
  router.post('/task/:id/comment/create', async (ctx) => {
    const message = reqString(await readJson(ctx), 'message');
    if (message.length > 4000) throw invalidRequest('A comment has at most 4000 characters');
    sendJson(ctx, commentDto(await addComment(core, ctx.params.id!, message), baseUrlOf(ctx)));
  });
  router.get('/task/:id/comment/:commentId', async (ctx) => {
    const c = (await comments(core, ctx.params.id!)).find((x) => x.id === ctx.params.commentId);
    if (!c)
      throw notFound(
        `Task comment with id ${ctx.params.commentId} does not exist for task id '${ctx.params.id}'.`,
        'InvalidRequestException',
      );
    sendJson(ctx, commentDto(c, baseUrlOf(ctx)));
  });
  /** `PUT …/comment`: the body names the comment (`id`) and its new `message`. */
  router.put('/task/:id/comment', async (ctx) => {
    const body = await readJson(ctx);
    const id = reqString(body, 'id');
    const message = reqString(body, 'message');
    await updateComment(core, { task: ctx.params.id! }, { id, message });
    noContent(ctx);
  });
  router.delete('/task/:id/comment', async (ctx) => {
    await deleteComments(core, { task: ctx.params.id! });
    noContent(ctx);
  });
  router.delete('/task/:id/comment/:commentId', async (ctx) => {
    await deleteComment(core, { task: ctx.params.id! }, ctx.params.commentId!);
    noContent(ctx);
  });
}
