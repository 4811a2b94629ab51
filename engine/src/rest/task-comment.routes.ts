import { InvalidArgumentError, NotFoundError } from '../runtime/errors.js';
import { addComment, comments } from '../services/task-actions.service.js';
import { commentDto, commentEditRoutes } from './comment-resource.js';
import { readJson, reqString, sendJson } from './http.js';
import { baseUrlOf, engineOf, type RouteDeps } from './rest-context.js';

/** `/task/{id}/comment`: a task's comments — list, create, one, edit, delete (edits are logged). */
export function taskCommentRoutes(deps: RouteDeps): void {
  const { router, core } = deps;
  router.get('/task/:id/comment', async (ctx) => {
    sendJson(
      ctx,
      (await comments(engineOf(core, ctx), ctx.params.id!)).map((c) =>
        commentDto(c, { selfBaseUrl: baseUrlOf(ctx) }),
      ),
    );
  });
  router.post('/task/:id/comment/create', async (ctx) => {
    const message = reqString(await readJson(ctx), 'message');
    if (message.length > 4000) throw new InvalidArgumentError('A comment has at most 4000 characters');
    sendJson(
      ctx,
      commentDto(await addComment(engineOf(core, ctx), ctx.params.id!, message), {
        selfBaseUrl: baseUrlOf(ctx),
      }),
    );
  });
  router.get('/task/:id/comment/:commentId', async (ctx) => {
    const c = (await comments(engineOf(core, ctx), ctx.params.id!)).find(
      (x) => x.id === ctx.params.commentId,
    );
    if (!c)
      throw new NotFoundError(
        `Task comment with id ${ctx.params.commentId} does not exist for task id '${ctx.params.id}'.`,
      );
    sendJson(ctx, commentDto(c, { selfBaseUrl: baseUrlOf(ctx) }));
  });
  commentEditRoutes(deps, { path: '/task', owner: (id) => ({ task: id }) });
}
