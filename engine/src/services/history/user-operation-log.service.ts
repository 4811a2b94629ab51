import { EngineUserOperationLog } from '@motcua/db/engine';
import type { EngineCore } from '../../engine-core.js';
import { InvalidArgumentError } from '../../runtime/errors.js';
import { between, type ListQuery, type QueryParams } from '../query-params.js';
import { READ_HISTORY, requireHistoryPermission } from './history-authorization.js';

/** The user-operation log query: who did what, when, from which value to which. */
export function userOperationQuery(p: QueryParams): ListQuery<EngineUserOperationLog> {
  const sortBy = p.sortBy(['timestamp'] as const);
  const after = p.date('afterTimestamp');
  const before = p.date('beforeTimestamp');
  return {
    entity: EngineUserOperationLog,
    where: {
      deploymentId: p.string('deploymentId'),
      processDefinitionId: p.string('processDefinitionId'),
      processDefinitionKey: p.string('processDefinitionKey'),
      processInstanceId: p.string('processInstanceId'),
      executionId: p.string('executionId'),
      taskId: p.string('taskId'),
      externalTaskId: p.string('externalTaskId'),
      userId: p.string('userId'),
      operationId: p.string('operationId'),
      operationType: p.string('operationType'),
      entityType: p.list('entityTypeIn') ?? p.string('entityType'),
      category: p.list('categoryIn') ?? p.string('category'),
      property: p.string('property'),
      timestamp: between(after, before),
    },
    order: sortBy ? { timestamp: p.sortOrder(), id: p.sortOrder() } : { timestamp: 'ASC', id: 'ASC' },
    permission: READ_HISTORY,
  };
}

/** Sets (or, with null, clears) the annotation of every entry of one operation. */
export async function annotateOperation(
  core: EngineCore,
  operationId: string,
  annotation: string | null,
): Promise<void> {
  await requireHistoryPermission(core);
  if (annotation !== null && annotation.length > 4000)
    throw new InvalidArgumentError('An annotation has at most 4000 characters');
  await core.command(async ({ tx }) => {
    const rows = await tx.find(EngineUserOperationLog, { operationId });
    if (rows.length === 0)
      throw new InvalidArgumentError(`There is no user operation log entry with operation id ${operationId}`);
    // Log rows have no revision: the operation's rows are rewritten under the command's transaction.
    await tx.removeWhere(EngineUserOperationLog, { operationId });
    for (const r of rows) await tx.insert(EngineUserOperationLog, { ...r, annotation });
  });
}
