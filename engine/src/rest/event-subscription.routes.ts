import type { EngineEventSubscription } from '@motcua/db/engine';
import { eventSubscriptionQuery } from '../services/event-subscription.service.js';
import { listCount, listPage } from '../services/query-params.js';
import { formatCamundaDate } from '../variables/typed-value.js';
import { sendJson } from './http.js';
import { pageParams, queryParams } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';

/** Camunda's EventSubscriptionDto. */
export const eventSubscriptionDto = (e: EngineEventSubscription) => ({
  id: e.id,
  eventType: e.eventType,
  eventName: e.eventName,
  executionId: e.executionId,
  processInstanceId: e.processInstanceId,
  activityId: e.activityId,
  createdDate: formatCamundaDate(e.created),
  tenantId: e.tenantId,
});

/** `/event-subscription`: message, signal and other subscriptions, and their count. */
export function eventSubscriptionRoutes({ router, core }: RouteDeps): void {
  router.get('/event-subscription', async (ctx) => {
    const rows = await listPage(
      engineOf(core, ctx),
      eventSubscriptionQuery(queryParams(ctx)),
      pageParams(ctx),
    );
    sendJson(ctx, rows.map(eventSubscriptionDto));
  });
  router.get('/event-subscription/count', async (ctx) => {
    sendJson(ctx, { count: await listCount(engineOf(core, ctx), eventSubscriptionQuery(queryParams(ctx))) });
  });
}
