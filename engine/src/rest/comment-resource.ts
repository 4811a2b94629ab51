import type { EngineComment } from '@motcua/db/engine';
import {
  deleteComment,
  deleteComments,
  updateComment,
  type CommentOwner,
} from '../services/comment.service.js';
import { formatCamundaDate } from '../variables/typed-value.js';
import { noContent, readJson, reqString } from './http.js';
import { engineOf, type RouteDeps } from './rest-context.js';

/**
 * Camunda's CommentDto. A task comment links to itself (`self`); an instance's comment list
 * carries no links, as Camunda's.
 */
export const commentDto = (c: EngineComment, options: { selfBaseUrl?: string } = {}) => ({
  id: c.id,
  userId: c.userId,
  taskId: c.taskId,
  processInstanceId: c.processInstanceId,
  time: formatCamundaDate(c.time),
  message: c.message,
  removalTime: null,
  rootProcessInstanceId: c.processInstanceId,
  links: options.selfBaseUrl
    ? [{ method: 'GET', href: `${options.selfBaseUrl}/task/${c.taskId}/comment/${c.id}`, rel: 'self' }]
    : [],
});

/**
 * The edits Camunda offers alike on `/task/{id}/comment` and `/process-instance/{id}/comment`:
 * `PUT` (the body names the comment, `id`, and its new `message`), `DELETE` all, `DELETE` one.
 */
export function commentEditRoutes(
  { router, core }: RouteDeps,
  resource: { path: '/task' | '/process-instance'; owner: (id: string) => CommentOwner },
): void {
  const base = `${resource.path}/:id/comment`;
  router.put(base, async (ctx) => {
    const body = await readJson(ctx);
    const id = reqString(body, 'id');
    const message = reqString(body, 'message');
    await updateComment(engineOf(core, ctx), resource.owner(ctx.params.id!), { id, message });
    noContent(ctx);
  });
  router.delete(base, async (ctx) => {
    await deleteComments(engineOf(core, ctx), resource.owner(ctx.params.id!));
    noContent(ctx);
  });
  router.delete(`${base}/:commentId`, async (ctx) => {
    await deleteComment(engineOf(core, ctx), resource.owner(ctx.params.id!), ctx.params.commentId!);
    noContent(ctx);
  });
}
