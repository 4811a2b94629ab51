import type { EngineHistoricIncident } from '@motcua/db/engine';
import { historicIncidentQuery } from '../../services/history/historic-incident.service.js';
import { listCount, listPage } from '../../services/query-params.js';
import { formatCamundaDate } from '../../variables/typed-value.js';
import { sendJson } from '../http.js';
import { pageParams, queryParams } from '../list-query.js';
import { engineOf, type RouteDeps } from '../rest-context.js';

/** Camunda's HistoricIncidentDto. */
const historicIncidentDto = (i: EngineHistoricIncident) => ({
  id: i.id,
  processDefinitionKey: i.processDefinitionId.split(':')[0] ?? null,
  processDefinitionId: i.processDefinitionId,
  processInstanceId: i.processInstanceId,
  executionId: i.executionId,
  rootProcessInstanceId: i.processInstanceId,
  createTime: formatCamundaDate(i.createTime),
  endTime: formatCamundaDate(i.endTime),
  removalTime: null,
  incidentType: i.incidentType,
  activityId: i.activityId,
  failedActivityId: i.activityId,
  causeIncidentId: i.id,
  rootCauseIncidentId: i.id,
  configuration: i.configuration,
  historyConfiguration: null,
  incidentMessage: i.incidentMessage,
  tenantId: i.tenantId,
  jobDefinitionId: null,
  open: i.state === 'open',
  deleted: i.state === 'deleted',
  resolved: i.state === 'resolved',
  annotation: i.annotation,
});

/** `/history/incident`: incidents open, resolved and deleted, and their count. */
export function historicIncidentRoutes({ router, core }: RouteDeps): void {
  router.get('/history/incident', async (ctx) => {
    const rows = await listPage(
      engineOf(core, ctx),
      historicIncidentQuery(queryParams(ctx)),
      pageParams(ctx),
    );
    sendJson(ctx, rows.map(historicIncidentDto));
  });
  router.get('/history/incident/count', async (ctx) => {
    sendJson(ctx, { count: await listCount(engineOf(core, ctx), historicIncidentQuery(queryParams(ctx))) });
  });
}
