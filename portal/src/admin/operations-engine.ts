import type { EngineClient } from '../engine/engine-client.js';

/** `GET /incident` (Camunda's IncidentDto, the fields used here). */
export interface EngineIncident {
  id: string;
  processDefinitionId: string;
  processInstanceId: string;
  executionId: string | null;
  incidentTimestamp: string;
  /** `failedExternalTask` (configuration = external task id), `failedJob` (= job id), or custom. */
  incidentType: string;
  activityId: string | null;
  configuration: string | null;
  incidentMessage: string | null;
}

export interface EngineExternalTask {
  id: string;
  topicName: string;
  workerId: string | null;
  retries: number | null;
  errorMessage: string | null;
  businessKey: string | null;
}

export interface EngineJob {
  id: string;
  retries: number;
  exceptionMessage: string | null;
}

export interface EngineProcessInstance {
  id: string;
  businessKey: string | null;
  definitionId: string;
}

export interface EngineDefinitionSummary {
  id: string;
  key: string;
  name: string | null;
  version: number;
  suspended: boolean;
}

/** `GET /process-definition/statistics`: one definition's running instances and incidents. */
export interface DefinitionStatistics {
  id: string;
  instances: number;
  failedJobs: number;
  incidents: Array<{ incidentType: string; incidentCount: number }>;
  definition: EngineDefinitionSummary;
}

/** `GET /process-definition/{id}/statistics`: instances waiting in one activity. */
export interface ActivityStatistics {
  id: string;
  instances: number;
  failedJobs: number;
  incidents: Array<{ incidentType: string; incidentCount: number }>;
}

const q = encodeURIComponent;

/**
 * The engine REST calls of the administration's operations pages (incidents, retries, running
 * instances). The portal reaches the engine only through its REST API.
 */
export class OperationsEngine {
  constructor(private readonly engine: EngineClient) {}

  /** Incidents, oldest first (the engine's order), one page. */
  incidents(page: {
    firstResult: number;
    maxResults: number;
    processInstanceId?: string;
  }): Promise<EngineIncident[]> {
    const p = new URLSearchParams({
      firstResult: String(page.firstResult),
      maxResults: String(page.maxResults),
    });
    if (page.processInstanceId) p.set('processInstanceId', page.processInstanceId);
    return this.engine.call('GET', `/incident?${p}`);
  }

  async incidentCount(): Promise<number> {
    return (await this.engine.call<{ count: number }>('GET', '/incident/count')).count;
  }

  /** One incident, or null when it is gone (resolved or never existed). */
  async incident(id: string): Promise<EngineIncident | null> {
    const [found] = await this.engine.call<EngineIncident[]>('GET', `/incident?incidentId=${q(id)}`);
    return found ?? null;
  }

  processInstances(ids: string[]): Promise<EngineProcessInstance[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.engine.call('GET', `/process-instance?processInstanceIds=${q(ids.join(','))}`);
  }

  externalTask(id: string): Promise<EngineExternalTask> {
    return this.engine.call('GET', `/external-task/${q(id)}`);
  }

  /** The worker's full error details (a stack trace, say); empty when it sent none. */
  async externalTaskErrorDetails(id: string): Promise<string> {
    return (await this.engine.callText(`/external-task/${q(id)}/errorDetails`)) ?? '';
  }

  job(id: string): Promise<EngineJob> {
    return this.engine.call('GET', `/job/${q(id)}`);
  }

  async jobStacktrace(id: string): Promise<string> {
    return (await this.engine.callText(`/job/${q(id)}/stacktrace`)) ?? '';
  }

  async setExternalTaskRetries(id: string, retries: number): Promise<void> {
    await this.engine.call('PUT', `/external-task/${q(id)}/retries`, { retries });
  }

  async setJobRetries(id: string, retries: number): Promise<void> {
    await this.engine.call('PUT', `/job/${q(id)}/retries`, { retries });
  }

  definitionStatistics(): Promise<DefinitionStatistics[]> {
    return this.engine.call('GET', '/process-definition/statistics?incidents=true');
  }

  activityStatistics(definitionId: string): Promise<ActivityStatistics[]> {
    return this.engine.call('GET', `/process-definition/${q(definitionId)}/statistics?incidents=true`);
  }

  definition(id: string): Promise<EngineDefinitionSummary> {
    return this.engine.call('GET', `/process-definition/${q(id)}`);
  }

  definitionXml(id: string): Promise<string> {
    return this.engine.definitionXml(id);
  }
}
