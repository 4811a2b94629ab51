import { EngineHistoricIncident, EngineIncident, type EngineTx } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, UPDATE_PROCESS_INSTANCES } from '../identity/authorization.service.js';
import { BadUserRequestError, InvalidArgumentError, NotFoundError } from '../runtime/errors.js';
import { logOperation } from '../operation-log/operation-log.js';
import type { ListQuery, QueryParams } from './query-params.js';

/** The runtime incident query (`GET /incident`, `…/count`). */
export function incidentQuery(p: QueryParams): ListQuery<EngineIncident> {
  return {
    entity: EngineIncident,
    where: {
      id: p.string('incidentId'),
      incidentType: p.string('incidentType'),
      processInstanceId: p.string('processInstanceId'),
      processDefinitionId: p.string('processDefinitionId'),
      activityId: p.string('activityId'),
      executionId: p.string('executionId'),
      configuration: p.string('configuration'),
    },
    order: { incidentTimestamp: 'ASC', id: 'ASC' },
    permission: UPDATE_PROCESS_INSTANCES,
  };
}

async function incidentOr404(tx: EngineTx, id: string): Promise<EngineIncident> {
  const i = await tx.get(EngineIncident, id);
  if (!i) throw new NotFoundError(`Cannot find an incident with id '${id}'`);
  return i;
}

export function getIncident(core: EngineCore, id: string): Promise<EngineIncident> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    return incidentOr404(tx, id);
  });
}

/** Resolves a custom incident; failed jobs and external tasks are resolved by giving them retries. */
export async function resolveIncident(core: EngineCore, id: string): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    const i = await incidentOr404(tx, id);
    if (i.incidentType === 'failedJob' || i.incidentType === 'failedExternalTask')
      throw new BadUserRequestError(`Cannot resolve an incident of type ${i.incidentType}`);
    await logOperation(tx, now, {
      operationType: 'Resolve',
      entityType: 'Incident',
      category: 'Operator',
      changes: [],
      processDefinitionId: i.processDefinitionId,
      processInstanceId: i.processInstanceId,
      incidentId: i.id,
    });
    await tx.remove(EngineIncident, i);
  });
}

/**
 * Sets or clears an incident's annotation, in its history too; logged as the operation asked
 * (a set without text is logged as a set, as Camunda does).
 */
export async function annotateIncident(
  core: EngineCore,
  id: string,
  change: { operation: 'SetAnnotation' | 'ClearAnnotation'; annotation: string | null },
): Promise<void> {
  const { annotation } = change;
  if (annotation !== null && annotation.length > 4000)
    throw new InvalidArgumentError('An annotation has at most 4000 characters');
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    const i = await incidentOr404(tx, id);
    await logOperation(tx, now, {
      operationType: change.operation,
      entityType: 'Incident',
      category: 'Operator',
      changes: [{ property: 'annotation', orgValue: i.annotation ?? null, newValue: annotation }],
      processDefinitionId: i.processDefinitionId,
      processInstanceId: i.processInstanceId,
      incidentId: i.id,
    });
    i.annotation = annotation;
    await tx.update(EngineIncident, i);
    const hist = await tx.get(EngineHistoricIncident, i.id);
    if (hist) {
      hist.annotation = annotation;
      await tx.update(EngineHistoricIncident, hist);
    }
  });
}
