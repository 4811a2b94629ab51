import type {
  ActivityInstanceDto,
  DeploymentDto,
  DeploymentFile,
  DeploymentResourceDto,
  DeploymentWithDefinitionsDto,
  EngineClient,
  MigrationPlanDto,
  MigrationPlanReportDto,
  ProcessDefinitionDto,
  ProcessInstanceDto,
  TypedVariables,
} from '@motcua/engine-client';

/**
 * The Camunda 7 REST calls of the designer studio, typed with `@motcua/engine-client`'s DTOs.
 * Every one exists in Camunda 7.24's OpenAPI document, so the studio works on our engine and on
 * Operaton alike.
 */
export type {
  ActivityInstanceDto,
  DeploymentDto,
  MigrationPlanDto,
  ProcessDefinitionDto,
  ProcessInstanceDto,
};
export type MigrationValidationDto = MigrationPlanReportDto;

const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
const enc = encodeURIComponent;

export class StudioEngine {
  constructor(private readonly engine: EngineClient) {}

  /** Every version of a key deployed without a tenant (the published ones), newest first. */
  async publishedVersions(key: string): Promise<ProcessDefinitionDto[]> {
    const all = await this.engine.call<ProcessDefinitionDto[]>(
      'GET',
      `/process-definition?${q({ key, sortBy: 'version', sortOrder: 'desc' })}`,
    );
    // Filtered here rather than with `withoutTenantId`, which not every engine's list honours.
    return all.filter((d) => d.key === key && !d.tenantId);
  }

  definition(id: string): Promise<ProcessDefinitionDto> {
    return this.engine.call('GET', `/process-definition/${enc(id)}`);
  }

  async definitionXml(id: string): Promise<string> {
    const r = await this.engine.call<{ bpmn20Xml: string }>('GET', `/process-definition/${enc(id)}/xml`);
    return r.bpmn20Xml;
  }

  deployment(id: string): Promise<DeploymentDto> {
    return this.engine.call('GET', `/deployment/${enc(id)}`);
  }

  resources(deploymentId: string): Promise<DeploymentResourceDto[]> {
    return this.engine.call('GET', `/deployment/${enc(deploymentId)}/resources`);
  }

  async resourceText(deploymentId: string, resourceId: string): Promise<string | null> {
    return this.engine.callText(`/deployment/${enc(deploymentId)}/resources/${enc(resourceId)}/data`);
  }

  async runningCount(processDefinitionId: string): Promise<number> {
    const r = await this.engine.call<{ count: number }>(
      'GET',
      `/process-instance/count?${q({ processDefinitionId })}`,
    );
    return r.count;
  }

  async finishedCount(processDefinitionId: string): Promise<number> {
    const r = await this.engine.call<{ count: number }>(
      'GET',
      `/history/process-instance/count?${q({ processDefinitionId, finished: 'true' })}`,
    );
    return r.count;
  }

  runningInstances(processDefinitionId: string, max = 200): Promise<ProcessInstanceDto[]> {
    return this.engine.call(
      'GET',
      `/process-instance?${q({ processDefinitionId, maxResults: String(max) })}`,
    );
  }

  activityInstances(processInstanceId: string): Promise<ActivityInstanceDto> {
    return this.engine.call('GET', `/process-instance/${enc(processInstanceId)}/activity-instances`);
  }

  /**
   * `POST /deployment/create` with duplicate filtering: nothing changed → no new deployment;
   * anything changed → every file in one deployment. Not `deploy-changed-only`: the forms are
   * bound `deployment` (`camunda:formRefBinding`), so a new version must carry every form.
   */
  deploy(options: {
    name: string;
    source: string;
    files: DeploymentFile[];
    tenantId?: string;
  }): Promise<DeploymentWithDefinitionsDto> {
    return this.engine.deploy(options.name, options.files, {
      source: options.source,
      ...(options.tenantId ? { tenantId: options.tenantId } : {}),
    });
  }

  startById(
    processDefinitionId: string,
    body: { businessKey?: string; variables?: TypedVariables },
  ): Promise<{ id: string }> {
    return this.engine.call('POST', `/process-definition/${enc(processDefinitionId)}/start`, body);
  }

  generateMigration(sourceProcessDefinitionId: string, targetProcessDefinitionId: string) {
    return this.engine.call<MigrationPlanDto>('POST', '/migration/generate', {
      sourceProcessDefinitionId,
      targetProcessDefinitionId,
    });
  }

  validateMigration(plan: MigrationPlanDto): Promise<MigrationValidationDto> {
    return this.engine.call('POST', '/migration/validate', plan);
  }

  executeMigration(plan: MigrationPlanDto, processInstanceIds: string[]): Promise<void> {
    return this.engine.call('POST', '/migration/execute', {
      migrationPlan: plan,
      processInstanceIds,
      skipCustomListeners: false,
      skipIoMappings: false,
    });
  }
}
