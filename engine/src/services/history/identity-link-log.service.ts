import { EngineHistoricIdentityLink, EngineHistoricTaskInstance } from '@motcua/db/engine';
import type { EngineCore } from '../../engine-core.js';
import {
  between,
  listCount,
  listPage,
  type ListQuery,
  type Page,
  type QueryParams,
} from '../query-params.js';
import { requireHistoryPermission } from './history-authorization.js';

const SORT = {
  time: 'time',
  type: 'type',
  userId: 'userId',
  groupId: 'groupId',
  taskId: 'taskId',
  operationType: 'operationType',
  assignerId: 'assignerId',
} as const;

/**
 * The identity-link log query: candidates and assignees of tasks, added and deleted. The log rows
 * name the task; a definition filter finds the definition's tasks in the task history first
 * (null: no task of it, the query matches nothing).
 */
async function linkLogQuery(
  core: EngineCore,
  p: QueryParams,
): Promise<ListQuery<EngineHistoricIdentityLink> | null> {
  const sortBy = p.sortBy([...Object.keys(SORT), 'processDefinitionId', 'processDefinitionKey', 'tenantId']);
  let taskIds: string[] | undefined;
  const defId = p.string('processDefinitionId');
  const defKey = p.string('processDefinitionKey');
  if (defId !== undefined || defKey !== undefined) {
    taskIds = (
      await core.query((tx) =>
        tx.find(EngineHistoricTaskInstance, { processDefinitionId: defId, processDefinitionKey: defKey }),
      )
    ).map((t) => t.id);
    if (taskIds.length === 0) return null;
  }
  const given = p.string('taskId');
  return {
    entity: EngineHistoricIdentityLink,
    where: {
      type: p.string('type'),
      userId: p.string('userId'),
      groupId: p.string('groupId'),
      taskId: given !== undefined ? (taskIds && !taskIds.includes(given) ? [] : given) : taskIds,
      operationType: p.string('operationType'),
      assignerId: p.string('assignerId'),
      time: between(p.date('dateAfter'), p.date('dateBefore')),
    },
    order:
      sortBy && sortBy in SORT
        ? { [SORT[sortBy as keyof typeof SORT]]: p.sortOrder(), id: p.sortOrder() }
        : { time: 'ASC', id: 'ASC' },
  };
}

/** A log row and the historic task it names (for the definition and tenant of the answer). */
export interface IdentityLinkLogEntry {
  row: EngineHistoricIdentityLink;
  task: EngineHistoricTaskInstance | undefined;
}

export async function listIdentityLinkLog(
  core: EngineCore,
  p: QueryParams,
  page: Page,
): Promise<IdentityLinkLogEntry[]> {
  await requireHistoryPermission(core);
  const q = await linkLogQuery(core, p);
  if (!q) return [];
  const rows = await listPage(core, q, page);
  const tasks = new Map(
    (rows.length
      ? await core.query((tx) =>
          tx.find(EngineHistoricTaskInstance, { id: [...new Set(rows.map((r) => r.taskId))] }),
        )
      : []
    ).map((t) => [t.id, t]),
  );
  return rows.map((r) => ({ row: r, task: tasks.get(r.taskId) }));
}

export async function countIdentityLinkLog(core: EngineCore, p: QueryParams): Promise<number> {
  await requireHistoryPermission(core);
  const q = await linkLogQuery(core, p);
  return q ? listCount(core, q) : 0;
}
