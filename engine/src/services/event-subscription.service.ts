import { EngineEventSubscription } from '@motcua/db/engine';
import { READ_PROCESS_INSTANCES } from '../identity/authorization.service.js';
import type { ListQuery, QueryParams } from './query-params.js';

/** The event subscription query (`GET /event-subscription`, `…/count`). */
export function eventSubscriptionQuery(p: QueryParams): ListQuery<EngineEventSubscription> {
  const sortBy = p.sortBy(['created', 'tenantId'] as const);
  return {
    entity: EngineEventSubscription,
    where: {
      id: p.string('eventSubscriptionId'),
      eventName: p.string('eventName'),
      eventType: p.string('eventType'),
      executionId: p.string('executionId'),
      processInstanceId: p.string('processInstanceId'),
      activityId: p.string('activityId'),
      tenantId: p.list('tenantIdIn'),
    },
    order: sortBy ? { [sortBy]: p.sortOrder(), id: 'ASC' } : { created: 'ASC', id: 'ASC' },
    permission: READ_PROCESS_INSTANCES,
  };
}
