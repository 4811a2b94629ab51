import type {
  ActivityStatisticsResultDto,
  EngineClient,
  ExternalTaskDto,
  IncidentDto,
  JobDto,
  ProcessDefinitionDto,
  ProcessDefinitionStatisticsResultDto,
  ProcessInstanceDto,
} from '@motcua/engine-client';

/** The operations pages' names for `@motcua/engine-client`'s DTOs. */
export type EngineIncident = IncidentDto;
export type EngineExternalTask = ExternalTaskDto;
export type EngineJob = JobDto;
export type EngineProcessInstance = ProcessInstanceDto;
export type EngineDefinitionSummary = ProcessDefinitionDto;
export type DefinitionStatistics = ProcessDefinitionStatisticsResultDto;
export type ActivityStatistics = ActivityStatisticsResultDto;

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
