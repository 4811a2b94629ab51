import type {
  ActivityInstanceDto,
  CorrelationMessageDto,
  CountResultDto,
  DeploymentResourceDto,
  DeploymentWithDefinitionsDto,
  HistoricActivityInstanceDto,
  HistoricProcessInstanceDto,
  HistoricTaskInstanceDto,
  HistoricVariableInstanceDto,
  HistoricVariableUpdateDto,
  IdentityLinkDto,
  IncidentDto,
  ProcessDefinitionDto,
  ProcessInstanceDto,
  ProcessInstanceWithVariablesDto,
  TaskDto,
  TaskQueryDto,
  TypedValue,
  TypedVariables,
} from './dto.js';
import { EngineError, HTTP_ERROR_TYPE } from './engine-error.js';
import { EngineHttp, queryString, type EngineClientOptions, type Query } from './engine-http.js';

/** A file of a deployment (`POST /deployment/create`, multipart). */
export interface DeploymentFile {
  name: string;
  content: string | Uint8Array;
  contentType: string;
}

/** A File variable's bytes and description. */
export interface FileContent {
  content: Buffer;
  filename: string;
  mimeType: string;
}

/** What a deployed form may come as: JSON (what the engines send), or what the OpenAPI document lists. */
const FORM_ACCEPT = 'application/json, application/xhtml+xml;q=0.9, */*;q=0.8';

const seg = encodeURIComponent;

/**
 * The Camunda 7 REST API, typed: the one way the portal and the workers reach the engine. Works
 * against our engine, Camunda 7 and Operaton alike; nothing here knows which one answers. Every
 * error answer is an EngineError (status, type, message, code); an unreachable engine an
 * OperationalError. (External tasks are fetched and completed by camunda-external-task-client-js.)
 */
export class EngineClient {
  readonly http: EngineHttp;

  constructor(options: EngineClientOptions) {
    this.http = new EngineHttp(options);
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  /**
   * A Camunda 7 REST call for a feature's own typed client (e.g. the designer studio's
   * `StudioEngine`), with this client's base URL, credentials, timeout and error mapping.
   */
  call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.http.json<T>(method, path, { body });
  }

  /** A GET with query parameters (undefined ones left out, lists joined with commas). */
  get<T>(path: string, query?: Query): Promise<T> {
    return this.http.json<T>('GET', path + queryString(query));
  }

  /** A GET whose answer is a file (XML, JSON of a form, a stack trace), as text; null on 404. */
  callText(path: string): Promise<string | null> {
    return this.http.text(path);
  }

  /** True when the engine answers `GET /version`. */
  async isUp(): Promise<boolean> {
    try {
      await this.version();
      return true;
    } catch {
      return false;
    }
  }

  async version(): Promise<string> {
    return (await this.get<{ version: string }>('/version')).version;
  }

  // --- deployments and definitions -------------------------------------------------------------

  /**
   * Deploys files with duplicate filtering but without `deploy-changed-only`: nothing changed → no
   * new deployment; anything changed → every file again, so forms bound `deployment` are in it.
   */
  deploy(
    name: string,
    files: DeploymentFile[],
    options: { source?: string; tenantId?: string } = {},
  ): Promise<DeploymentWithDefinitionsDto> {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('deployment-source', options.source ?? 'motcua-portal');
    if (options.tenantId) form.set('tenant-id', options.tenantId);
    form.set('enable-duplicate-filtering', 'true');
    for (const f of files) form.append(f.name, new Blob([f.content], { type: f.contentType }), f.name);
    return this.http.json('POST', '/deployment/create', { body: form });
  }

  /** The resources of a deployment (`GET /deployment/{id}/resources`). */
  deploymentResources(deploymentId: string): Promise<DeploymentResourceDto[]> {
    return this.get(`/deployment/${seg(deploymentId)}/resources`);
  }

  /** One deployed resource's content as text (`…/resources/{id}/data`); EngineError 404 when absent. */
  async deploymentResourceText(deploymentId: string, resourceId: string): Promise<string> {
    const path = `/deployment/${seg(deploymentId)}/resources/${seg(resourceId)}/data`;
    const text = await this.http.text(path);
    if (text === null) throw new EngineError(404, HTTP_ERROR_TYPE, `GET ${path} → 404`);
    return text;
  }

  /** The latest version of a process key (`GET /process-definition/key/{key}`). */
  latestDefinition(key: string): Promise<ProcessDefinitionDto> {
    return this.get(`/process-definition/key/${seg(key)}`);
  }

  definition(id: string): Promise<ProcessDefinitionDto> {
    return this.get(`/process-definition/${seg(id)}`);
  }

  /** The BPMN 2.0 XML of a definition. */
  async definitionXml(id: string): Promise<string> {
    return (await this.get<{ bpmn20Xml: string }>(`/process-definition/${seg(id)}/xml`)).bpmn20Xml;
  }

  /**
   * The deployed start form of a definition: the form-js document (JSON) its `camunda:formRef`
   * resolves to. Camunda 7, Operaton and our engine send it as `application/json` (the OpenAPI
   * document lists `application/xhtml+xml`), so the body is parsed whatever the type.
   */
  deployedStartForm(definitionId: string): Promise<unknown> {
    return this.http.json('GET', `/process-definition/${seg(definitionId)}/deployed-start-form`, {
      accept: FORM_ACCEPT,
    });
  }

  /** The deployed form of a user task (see deployedStartForm()). */
  deployedTaskForm(taskId: string): Promise<unknown> {
    return this.http.json('GET', `/task/${seg(taskId)}/deployed-form`, { accept: FORM_ACCEPT });
  }

  // --- process instances -----------------------------------------------------------------------

  startByKey(
    key: string,
    businessKey: string,
    variables: TypedVariables,
  ): Promise<ProcessInstanceWithVariablesDto> {
    return this.call('POST', `/process-definition/key/${seg(key)}/start`, { businessKey, variables });
  }

  /**
   * Starts the given definition (not "the latest of a key"), so the form it was validated against
   * is the one of the version that runs.
   */
  startById(
    definitionId: string,
    businessKey: string,
    variables: TypedVariables,
  ): Promise<ProcessInstanceWithVariablesDto> {
    return this.call('POST', `/process-definition/${seg(definitionId)}/start`, { businessKey, variables });
  }

  processInstances(query: {
    businessKey?: string;
    processDefinitionKey?: string;
  }): Promise<ProcessInstanceDto[]> {
    return this.get('/process-instance', query);
  }

  /** The runtime activity-instance tree of a running process instance (404 once it ended). */
  activityInstances(processInstanceId: string): Promise<ActivityInstanceDto> {
    return this.get(`/process-instance/${seg(processInstanceId)}/activity-instances`);
  }

  /**
   * Sets a File variable of a process instance (`POST /process-instance/{id}/variables/{name}/data`,
   * multipart `data` + `valueType=File`), so the engine keeps the bytes in its own file storage.
   */
  async setFileVariable(
    processInstanceId: string,
    name: string,
    file: FileContent | { content: Uint8Array; filename: string; mimeType: string },
  ): Promise<void> {
    const form = new FormData();
    form.append('data', new Blob([file.content], { type: file.mimeType }), file.filename);
    form.append('valueType', 'File');
    await this.http.json('POST', `/process-instance/${seg(processInstanceId)}/variables/${seg(name)}/data`, {
      body: form,
    });
  }

  /**
   * `POST /message`: correlates a message with the one process instance of the business key that
   * waits for it. The engine answers 400 (MismatchingMessageCorrelationException) when nothing waits.
   */
  correlate(messageName: string, businessKey: string, processVariables: TypedVariables): Promise<void> {
    return this.correlateMessage({ messageName, businessKey, processVariables });
  }

  /** `POST /message` with any CorrelationMessageDto. */
  correlateMessage<T = void>(message: CorrelationMessageDto): Promise<T> {
    return this.call('POST', '/message', message);
  }

  /** A running process instance (`GET /process-instance/{id}`); EngineError 404 once it ended. */
  processInstance(id: string): Promise<ProcessInstanceDto> {
    return this.get(`/process-instance/${seg(id)}`);
  }

  // --- incidents -------------------------------------------------------------------------------

  /** `GET /incident` with Camunda's query parameters. */
  incidents(query: Query): Promise<IncidentDto[]> {
    return this.get('/incident', query);
  }

  /** `POST /execution/{id}/create-incident`: a custom incident on an execution; its id. */
  async createIncident(
    executionId: string,
    incident: { incidentType: string; configuration?: string; message?: string },
  ): Promise<string> {
    const created = await this.call<{ id: string }>(
      'POST',
      `/execution/${seg(executionId)}/create-incident`,
      incident,
    );
    return created.id;
  }

  /** `DELETE /incident/{id}`: resolves a custom incident. */
  resolveIncident(id: string): Promise<void> {
    return this.call('DELETE', `/incident/${seg(id)}`);
  }

  // --- tasks -----------------------------------------------------------------------------------

  /**
   * Open user tasks of no tenant: an officer's inbox and a dossier's tasks never show the studio's
   * sandbox runs (deployed and started under a tenant).
   */
  tasks(query: Record<string, string>): Promise<TaskDto[]> {
    return this.get('/task', { ...query, withoutTenantId: 'true' });
  }

  /**
   * One page of a task query in Camunda's TaskQueryDto (`POST /task`: `orQueries`, `sorting`…),
   * filtered, sorted and paged by the engine, never here; tasks of no tenant only.
   */
  queryTasks(body: TaskQueryDto, page: { firstResult: number; maxResults: number }): Promise<TaskDto[]> {
    return this.call('POST', `/task${queryString(page)}`, { ...body, withoutTenantId: true });
  }

  /** How many tasks a TaskQueryDto matches (`POST /task/count`), of no tenant. */
  async countTasks(body: TaskQueryDto): Promise<number> {
    return (await this.call<CountResultDto>('POST', '/task/count', { ...body, withoutTenantId: true })).count;
  }

  /** `GET /task/{id}/identity-links`: assignee, owner, candidate users and groups. */
  identityLinks(taskId: string): Promise<IdentityLinkDto[]> {
    return this.get(`/task/${seg(taskId)}/identity-links`);
  }

  task(id: string): Promise<TaskDto> {
    return this.get(`/task/${seg(id)}`);
  }

  claim(id: string, userId: string): Promise<void> {
    return this.call('POST', `/task/${seg(id)}/claim`, { userId });
  }

  unclaim(id: string): Promise<void> {
    return this.call('POST', `/task/${seg(id)}/unclaim`, {});
  }

  complete(id: string, variables: TypedVariables): Promise<void> {
    return this.call('POST', `/task/${seg(id)}/complete`, { variables });
  }

  // --- history ---------------------------------------------------------------------------------

  /** A process instance, running or ended (`GET /history/process-instance/{id}`). */
  historicProcessInstance(id: string): Promise<HistoricProcessInstanceDto> {
    return this.get(`/history/process-instance/${seg(id)}`);
  }

  /** `GET /history/process-instance` with Camunda's query parameters. */
  historicProcessInstances(query: Query): Promise<HistoricProcessInstanceDto[]> {
    return this.get('/history/process-instance', query);
  }

  /** `GET /history/activity-instance` with Camunda's query parameters. */
  historicActivityInstances(query: Query): Promise<HistoricActivityInstanceDto[]> {
    return this.get('/history/activity-instance', query);
  }

  activityHistory(processInstanceId: string): Promise<HistoricActivityInstanceDto[]> {
    return this.historicActivityInstances({ processInstanceId });
  }

  /** Activity instances of one element still running, in every process (newest first, at most 200). */
  unfinishedActivities(activityId: string): Promise<HistoricActivityInstanceDto[]> {
    return this.historicActivityInstances({
      activityId,
      unfinished: true,
      sortBy: 'startTime',
      sortOrder: 'desc',
      maxResults: 200,
    });
  }

  /** The finished user tasks of a process instance, oldest first. */
  finishedTasks(processInstanceId: string): Promise<HistoricTaskInstanceDto[]> {
    return this.get('/history/task', {
      processInstanceId,
      finished: true,
      sortBy: 'endTime',
      sortOrder: 'asc',
    });
  }

  /** Every write of a variable in the process instance (Camunda's historic details), oldest first. */
  variableUpdates(processInstanceId: string): Promise<HistoricVariableUpdateDto[]> {
    return this.get('/history/detail', {
      processInstanceId,
      variableUpdates: true,
      sortBy: 'time',
      sortOrder: 'asc',
    });
  }

  historicVariables(query: Query): Promise<HistoricVariableInstanceDto[]> {
    return this.get('/history/variable-instance', query);
  }

  /** The variables of a process instance, running or ended, as typed values by name. */
  async variableHistory(processInstanceId: string): Promise<Record<string, TypedValue>> {
    const out: Record<string, TypedValue> = {};
    for (const v of await this.historicVariables({ processInstanceId }))
      out[v.name] = { value: v.value, type: v.type, ...(v.valueInfo ? { valueInfo: v.valueInfo } : {}) };
    return out;
  }

  /**
   * The bytes of a process instance's File variable (e.g. the signed result `resultDocument`),
   * running or ended: its newest history revision through `/history/variable-instance/{id}/data`.
   * Null when the instance has no such File variable.
   */
  async fileVariable(processInstanceId: string, name: string): Promise<FileContent | null> {
    const [v] = await this.historicVariables({ processInstanceId, variableName: name });
    if (!v || v.type !== 'File') return null;
    const content = await this.http.bytes(`/history/variable-instance/${seg(v.id)}/data`);
    if (!content) return null;
    const info = v.valueInfo ?? {};
    return {
      content,
      filename: typeof info.filename === 'string' ? info.filename : `${name}.bin`,
      mimeType: typeof info.mimeType === 'string' ? info.mimeType : 'application/octet-stream',
    };
  }
}
