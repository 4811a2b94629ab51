import { processInstanceComments } from '../services/comment.service.js';
import { commentDto, commentEditRoutes } from './comment-resource.js';
import { sendJson } from './http.js';
import { engineOf, type RouteDeps } from './rest-context.js';

/** `/process-instance/{id}/comment`: an instance's comments — list, edit, delete (edits are logged). */
export function processInstanceCommentRoutes(deps: RouteDeps): void {
  deps.router.get('/process-instance/:id/comment', async (ctx) => {
    const rows = await processInstanceComments(engineOf(deps.core, ctx), ctx.params.id!);
    sendJson(
      ctx,
      rows.map((c) => commentDto(c)),
    );
  });
  commentEditRoutes(deps, { path: '/process-instance', owner: (id) => ({ processInstance: id }) });
}
