import { EngineVariable } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import {
  requirePermission,
  READ_PROCESS_INSTANCES,
  UPDATE_PROCESS_INSTANCES,
} from '../identity/authorization.service.js';
import { NotFoundError } from '../runtime/errors.js';
import type { ListQuery, QueryParams } from './query-params.js';

const SORT = { variableName: 'name', variableType: 'type' } as const;

/** Runtime variables filtered by name and owner (`GET`/`POST /variable-instance`, `…/count`). */
export function variableInstanceQuery(p: QueryParams): ListQuery<EngineVariable> {
  const sortBy = p.sortBy(Object.keys(SORT) as (keyof typeof SORT)[]);
  const nameLike = p.string('variableNameLike');
  return {
    entity: EngineVariable,
    where: {
      name:
        nameLike !== undefined
          ? { op: 'like', value: nameLike }
          : (p.list('variableNameIn') ?? p.string('variableName')),
      processInstanceId: p.list('processInstanceIdIn'),
      executionId: p.list('executionIdIn'),
      taskId: p.list('taskIdIn'),
    },
    order: sortBy ? { [SORT[sortBy]]: p.sortOrder(), id: 'ASC' } : { id: 'ASC' },
    permission: READ_PROCESS_INSTANCES,
  };
}

export async function getVariableInstance(core: EngineCore, id: string): Promise<EngineVariable> {
  const v = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    return tx.get(EngineVariable, id);
  });
  if (!v) throw new NotFoundError(`Variable instance with Id '${id}' does not exist.`);
  return v;
}
