import { ConflictError, NotFoundError, UserInputError } from '@motcua/domain';
import type { AuditStore, DossierStore } from '@motcua/db/portal';
import type { Catalogue } from '../catalogue/catalogue.js';
import { EngineError } from '../engine/engine-client.js';
import type { EngineIncident, OperationsEngine } from './operations-engine.js';
import type { ProcessModels } from './process-models.js';

/** An incident as the list shows it: which dossier, which step, what went wrong. */
export interface IncidentRow {
  id: string;
  at: string;
  type: string;
  typeVi: string;
  message: string;
  activityId: string | null;
  stepName: string | null;
  processInstanceId: string;
  procedureName: string | null;
  /** The business key of the process instance (the portal's dossier id). */
  businessKey: string | null;
  /** The portal's dossier behind the instance, when there is one. */
  dossier: { id: string; code: string | null } | null;
  /** Whether "retry" can act on it (a failed external task or job). */
  retryable: boolean;
}

export interface IncidentDetail extends IncidentRow {
  /** The external task's topic or the job's id. */
  configuration: string | null;
  topic: string | null;
  workerId: string | null;
  retries: number | null;
  /** The worker's error details or the job's stack trace (may be long; shown pre-formatted). */
  details: string;
}

export interface IncidentPage {
  rows: IncidentRow[];
  total: number;
  page: number;
  pageSize: number;
}

const TYPE_VI: Record<string, string> = {
  failedExternalTask: 'Tác vụ tự động (worker) lỗi',
  failedJob: 'Tác vụ nền (job) lỗi',
  notificationFailed: 'Gửi thông báo (thư điện tử, SMS) lỗi',
  // Raised by the national-portal sync worker; resolved by "Gửi lại" on /quan-tri/dong-bo-dvcqg.
  nationalPortalSyncFailed: 'Đồng bộ Cổng Dịch vụ công quốc gia thất bại',
};
export const INCIDENT_PAGE_SIZE = 20;
/** The most retries an operator may give at once (each failure counts one down). */
export const MAX_RETRIES = 10;

/**
 * Incidents from the engine's REST API with the dossier and step they concern, their error
 * details, and "retry" (set the retries of the failed external task or job, which resolves the
 * incident; the worker or job executor then tries again). Every retry is audited.
 */
export class IncidentsService {
  constructor(
    private readonly d: {
      engine: OperationsEngine;
      models: ProcessModels;
      dossiers: DossierStore;
      catalogue: Catalogue;
      audit: AuditStore;
    },
  ) {}

  async list(page: number, filter: { processInstanceId?: string } = {}): Promise<IncidentPage> {
    const firstResult = (page - 1) * INCIDENT_PAGE_SIZE;
    const [incidents, total] = await Promise.all([
      this.d.engine.incidents({ firstResult, maxResults: INCIDENT_PAGE_SIZE, ...filter }),
      filter.processInstanceId ? Promise.resolve(-1) : this.d.engine.incidentCount(),
    ]);
    return {
      rows: await this.describe(incidents),
      total: total < 0 ? incidents.length : total,
      page,
      pageSize: INCIDENT_PAGE_SIZE,
    };
  }

  /** One incident with its error details; NotFoundError once it is resolved. */
  async detail(id: string): Promise<IncidentDetail> {
    const incident = await this.d.engine.incident(id);
    if (!incident) throw new NotFoundError('Sự cố không còn (đã được xử lý) hoặc không tồn tại.');
    const [row] = await this.describe([incident]);
    const base = {
      ...row!,
      configuration: incident.configuration,
      topic: null,
      workerId: null,
      retries: null,
    };
    try {
      if (incident.incidentType === 'failedExternalTask' && incident.configuration) {
        const [task, details] = await Promise.all([
          this.d.engine.externalTask(incident.configuration),
          this.d.engine.externalTaskErrorDetails(incident.configuration),
        ]);
        return { ...base, topic: task.topicName, workerId: task.workerId, retries: task.retries, details };
      }
      if (incident.incidentType === 'failedJob' && incident.configuration) {
        const [job, details] = await Promise.all([
          this.d.engine.job(incident.configuration),
          this.d.engine.jobStacktrace(incident.configuration),
        ]);
        return { ...base, retries: job.retries, details };
      }
    } catch (err) {
      // The task or job went away between the two calls: the incident is shown without details.
      if (!(err instanceof EngineError && err.status === 404)) throw err;
    }
    return { ...base, details: '' };
  }

  /**
   * Gives the failed external task or job `retries` more tries (1…MAX_RETRIES), audited as
   * `incident.retried` with the dossier and step. ConflictError when the incident cannot be
   * retried (another type) or is already resolved.
   */
  async retry(id: string, retries: number, by: { actor: string; ip: string | null }): Promise<IncidentRow> {
    if (!Number.isInteger(retries) || retries < 1 || retries > MAX_RETRIES)
      throw new UserInputError(`Số lần thử lại phải là số nguyên từ 1 đến ${MAX_RETRIES}.`);
    const incident = await this.d.engine.incident(id);
    if (!incident) throw new ConflictError('Sự cố đã được xử lý hoặc không còn tồn tại; không cần thử lại.');
    const [row] = await this.describe([incident]);
    if (!row!.retryable || !incident.configuration)
      throw new ConflictError('Loại sự cố này không thử lại được bằng cách đặt lại số lần thử.');
    if (incident.incidentType === 'failedExternalTask')
      await this.d.engine.setExternalTaskRetries(incident.configuration, retries);
    else await this.d.engine.setJobRetries(incident.configuration, retries);
    await this.d.audit.append({
      actor: by.actor,
      action: 'incident.retried',
      target: row!.dossier ? `dossier:${row!.dossier.id}` : `process-instance:${incident.processInstanceId}`,
      detail: {
        incidentId: incident.id,
        incidentType: incident.incidentType,
        configuration: incident.configuration,
        processInstanceId: incident.processInstanceId,
        activityId: incident.activityId,
        dossierCode: row!.dossier?.code ?? null,
        retries,
        message: incident.incidentMessage?.slice(0, 500) ?? null,
      },
      ip: by.ip,
    });
    return row!;
  }

  /** Adds the dossier (business key, portal dossier), the step's name and the procedure's name. */
  private async describe(incidents: EngineIncident[]): Promise<IncidentRow[]> {
    const instanceIds = [...new Set(incidents.map((i) => i.processInstanceId))];
    const [instances, dossiers] = await Promise.all([
      this.d.engine.processInstances(instanceIds),
      this.d.dossiers.findByProcessInstanceIds(instanceIds),
    ]);
    const keyOf = new Map(instances.map((p) => [p.id, p.businessKey]));
    const dossierOf = new Map(dossiers.map((x) => [x.processInstanceId!, x]));
    return Promise.all(
      incidents.map(async (i) => {
        const dossier = dossierOf.get(i.processInstanceId);
        const procedureKey = i.processDefinitionId.split(':')[0]!;
        return {
          id: i.id,
          at: i.incidentTimestamp,
          type: i.incidentType,
          typeVi: TYPE_VI[i.incidentType] ?? i.incidentType,
          message: i.incidentMessage ?? '',
          activityId: i.activityId,
          stepName: i.activityId
            ? await this.d.models.activityName(i.processDefinitionId, i.activityId)
            : null,
          processInstanceId: i.processInstanceId,
          procedureName: this.d.catalogue.get(procedureKey)?.nameVi ?? procedureKey,
          businessKey: keyOf.get(i.processInstanceId) ?? null,
          dossier: dossier ? { id: dossier.id, code: dossier.dossierCode } : null,
          retryable: i.incidentType === 'failedExternalTask' || i.incidentType === 'failedJob',
        };
      }),
    );
  }
}
