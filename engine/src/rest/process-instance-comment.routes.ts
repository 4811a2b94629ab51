import {
  deleteComment,
  deleteComments,
  processInstanceComments,
  updateComment,
} from '../services/comment.service.js';
import { formatCamundaDate } from '../variables/typed-value.js';
import { noContent, readJson, reqString, sendJson } from './http.js';
import type { RouteDeps } from './rest-context.js';

/** `/process-instance/{id}/comment`: an instance's comments — list, edit, delete (edits are logged). */
export function processInstanceCommentRoutes({ router, core }: RouteDeps): void {
  router.get('/process-instance/:id/comment', async (ctx) => {
    const rows = await processInstanceComments(core, ctx.params.id!);
    sendJson(
      ctx,
      rows.map((c) => ({
        id: c.id,
        userId: c.userId,
        taskId: c.taskId,
        processInstanceId: c.processInstanceId,
        time: formatCamundaDate(c.time),
        message: c.message,
        removalTime: null,
        rootProcessInstanceId: c.processInstanceId,
        links: [],
      })),
    );
  });
  /** `PUT …/comment`: the body names the comment (`id`) and its new `message`. */
  router.put('/process-instance/:id/comment', async (ctx) => {
    const body = await readJson(ctx);
    const id = reqString(body, 'id');
    const message = reqString(body, 'message');
    await updateComment(core, { processInstance: ctx.params.id! }, { id, message });
    noContent(ctx);
  });
  router.delete('/process-instance/:id/comment', async (ctx) => {
    await deleteComments(core, { processInstance: ctx.params.id! });
    noContent(ctx);
  });
  router.delete('/process-instance/:id/comment/:commentId', async (ctx) => {
    await deleteComment(core, { processInstance: ctx.params.id! }, ctx.params.commentId!);
    noContent(ctx);
  });
}
