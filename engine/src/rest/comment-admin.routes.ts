import type { Context } from 'koa';
import {
  EngineComment,
  EngineHistoricActivityInstance,
  EngineHistoricIncident,
  EngineProcessDefinition,
  EngineTask,
  type EngineTx,
} from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { currentUserId, logOperation } from '../operation-log/operation-log.js';
import { parseCamundaDate } from '../variables/typed-value.js';
import {
  noContent,
  queryBool,
  queryList,
  queryString,
  readJson,
  reqString,
  sendJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import type { RouteDeps } from './rest-context.js';

const MAX_COMMENT = 4000;

/** Comments of a task or of an instance, edited and deleted by an operator (logged with old and new text). */
export function commentAdminRoutes({ router, core }: RouteDeps): void {
  const scopeOf = (ctx: Context, on: 'task' | 'instance') =>
    on === 'task' ? { taskId: ctx.params.id! } : { processInstanceId: ctx.params.id! };
  const log = (tx: EngineTx, now: Date, c: EngineComment, operationType: string, newValue: string | null) =>
    logOperation(tx, now, {
      operationType,
      entityType: 'Comment',
      category: 'TaskWorker',
      changes: [{ property: 'comment', orgValue: c.message, newValue }],
      processInstanceId: c.processInstanceId,
      taskId: c.taskId,
    });

  for (const on of ['task', 'instance'] as const) {
    const base = on === 'task' ? '/task/:id/comment' : '/process-instance/:id/comment';
    const what = on === 'task' ? 'task' : 'process instance';
    /** `PUT …/comment`: the body names the comment (`id`) and its new `message`. */
    router.put(base, async (ctx) => {
      const body = await readJson(ctx);
      const id = reqString(body, 'id');
      const message = reqString(body, 'message');
      if (message.length > MAX_COMMENT)
        throw invalidRequest(`A comment has at most ${MAX_COMMENT} characters`);
      await core.command(async ({ tx, now }) => {
        const c = await tx.findOne(EngineComment, { id, ...scopeOf(ctx, on) });
        if (!c)
          throw notFound(
            `No comment found with id ${id} for ${what} ${ctx.params.id}`,
            'InvalidRequestException',
          );
        await log(tx, now, c, 'Update', message);
        // Comments carry no revision: the row is rewritten under the command's transaction.
        await tx.removeWhere(EngineComment, { id });
        await tx.insert(EngineComment, { ...c, message, userId: currentUserId() ?? c.userId, time: now });
      });
      noContent(ctx);
    });
    router.delete(base, async (ctx) => {
      await core.command(async ({ tx, now }) => {
        // An unknown task is a 404 (as Operaton); a task without comments has nothing to delete.
        if (on === 'task' && !(await tx.get(EngineTask, ctx.params.id!)))
          throw notFound(`No task found for task id ${ctx.params.id}`, 'InvalidRequestException');
        const all = await tx.find(EngineComment, scopeOf(ctx, on));
        for (const c of all) await log(tx, now, c, 'Delete', null);
        await tx.removeWhere(EngineComment, scopeOf(ctx, on));
      });
      noContent(ctx);
    });
    router.delete(`${base}/:commentId`, async (ctx) => {
      await core.command(async ({ tx, now }) => {
        const c = await tx.findOne(EngineComment, { id: ctx.params.commentId!, ...scopeOf(ctx, on) });
        // Operaton answers 204 for a task comment that is gone already (deleting is idempotent).
        if (!c && on === 'task') return;
        if (!c)
          throw notFound(
            `No comment found with id ${ctx.params.commentId} for ${what} ${ctx.params.id}`,
            'InvalidRequestException',
          );
        await log(tx, now, c, 'Delete', null);
        await tx.removeWhere(EngineComment, { id: c.id });
      });
      noContent(ctx);
    });
  }

  /** Per activity of a definition, over history: running, finished, canceled, scope-completing; incidents by state. */
  router.get('/history/process-definition/:id/statistics', async (ctx) => {
    const sortBy = sortByOf(ctx, ['activityId'] as const);
    const date = (k: string) => {
      const v = queryString(ctx, k);
      if (v === undefined) return undefined;
      const d = parseCamundaDate(v);
      if (!d) throw invalidRequest(`Cannot set query parameter '${k}' to value '${v}'`);
      return d;
    };
    const [sb, sa, fb, fa] = ['startedBefore', 'startedAfter', 'finishedBefore', 'finishedAfter'].map(date);
    const instances = queryList(ctx, 'processInstanceIdIn');
    const rows = await core.query(async (tx) => {
      if (!(await tx.get(EngineProcessDefinition, ctx.params.id!)))
        throw notFound(`No process definition found with id '${ctx.params.id}'`, 'InvalidRequestException');
      const acts = (
        await tx.find(EngineHistoricActivityInstance, {
          processDefinitionId: ctx.params.id!,
          processInstanceId: instances,
        })
      ).filter(
        (a) =>
          (!sb || a.startTime < sb) &&
          (!sa || a.startTime > sa) &&
          (!fb || (a.endTime !== null && a.endTime < fb)) &&
          (!fa || (a.endTime !== null && a.endTime > fa)),
      );
      const incidents = queryBool(ctx, 'incidents')
        ? await tx.find(EngineHistoricIncident, { processDefinitionId: ctx.params.id! })
        : [];
      const ids = [...new Set([...acts.map((a) => a.activityId), ...incidents.map((i) => i.activityId)])];
      return ids.map((id) => {
        const mine = acts.filter((a) => a.activityId === id);
        const inc = incidents.filter((i) => i.activityId === id);
        return {
          id,
          instances: mine.filter((a) => a.endTime === null).length,
          canceled: queryBool(ctx, 'canceled') ? mine.filter((a) => a.canceled).length : 0,
          finished: queryBool(ctx, 'finished') ? mine.filter((a) => a.endTime !== null).length : 0,
          completeScope: queryBool(ctx, 'completeScope') ? mine.filter((a) => a.completeScope).length : 0,
          openIncidents: inc.filter((i) => i.state === 'open').length,
          resolvedIncidents: inc.filter((i) => i.state === 'resolved').length,
          deletedIncidents: inc.filter((i) => i.state === 'deleted').length,
        };
      });
    });
    rows.sort((a, b) => a.id.localeCompare(b.id) * (sortBy && sortOrderOf(ctx) === 'DESC' ? -1 : 1));
    sendJson(ctx, rows);
  });
}
