import { OperationalError } from '@motcua/domain';
import type { TypedValue, TypedVariables } from './typed-variables.js';

/**
 * The portal's only way to the engine: the Camunda 7 REST API over HTTP. Works against our
 * embedded engine and against Operaton alike; nothing here knows which one answers.
 */
export class EngineError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** The part of Camunda's TaskQueryDto the portal sends (`POST /task`, `POST /task/count`). */
export interface TaskQueryBody {
  assignee?: string;
  candidateGroups?: string[];
  /** Each entry's criteria ORed, the entry ANDed with the rest (Camunda's orQueries). */
  orQueries?: Array<Omit<TaskQueryBody, 'orQueries' | 'sorting'>>;
  sorting?: Array<{ sortBy: 'created' | 'dueDate' | 'priority' | 'name'; sortOrder: 'asc' | 'desc' }>;
}

export interface EngineTask {
  id: string;
  name: string | null;
  assignee: string | null;
  created: string;
  due: string | null;
  processInstanceId: string;
  processDefinitionId: string;
  taskDefinitionKey: string;
  formKey?: string | null;
  /** Camunda 7's name of the form reference; Operaton calls it `operatonFormRef`. */
  camundaFormRef?: { key: string } | null;
  operatonFormRef?: { key: string } | null;
}

export interface ProcessDefinition {
  id: string;
  key: string;
  version: number;
  deploymentId: string;
  name?: string | null;
}

/** An activity instance of the runtime tree (`GET /process-instance/{id}/activity-instances`). */
export interface ActivityInstanceTree {
  id: string;
  activityId: string;
  activityType?: string;
  activityName?: string | null;
  childActivityInstances?: ActivityInstanceTree[];
  childTransitionInstances?: Array<{ activityId: string; activityType?: string }>;
  incidentIds?: string[];
}

export interface HistoricActivityInstance {
  id: string;
  activityId: string;
  processInstanceId?: string;
  activityName?: string | null;
  activityType: string;
  startTime: string;
  endTime: string | null;
  canceled?: boolean;
}

/** `GET /history/task`: a user task that ran, who held it and when it ended. */
export interface HistoricTask {
  id: string;
  name: string | null;
  taskDefinitionKey: string;
  processDefinitionId?: string | null;
  assignee: string | null;
  activityInstanceId?: string | null;
  startTime: string;
  endTime: string | null;
  deleteReason?: string | null;
}

/** `GET /history/detail`: one write of a variable. */
export interface HistoricVariableUpdate {
  id: string;
  variableName: string;
  variableType: string;
  value: unknown;
  taskId: string | null;
  activityInstanceId: string | null;
  time: string;
}

export interface HistoricVariableInstance {
  name: string;
  type: string;
  value: unknown;
  valueInfo?: Record<string, unknown>;
}

export interface DeploymentResult {
  id: string;
  deployedProcessDefinitions: Record<string, { id: string; key: string; version: number }> | null;
}

export interface DeploymentFile {
  name: string;
  content: string;
  contentType: string;
}

/** What a deployed form may come as: JSON (what the engines send), or what the OpenAPI document lists. */
const FORM_ACCEPT = 'application/json, application/xhtml+xml;q=0.9, */*;q=0.8';

/** HTTP Basic credentials for an engine that requires authentication. */
export interface EngineAuth {
  user: string;
  password: string;
}

export class EngineClient {
  /** The `Authorization` header sent on every call, or null; never logged. */
  readonly #authorization: string | null;

  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
    auth?: EngineAuth,
  ) {
    this.#authorization = auth
      ? `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`
      : null;
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown | FormData,
    accept = 'application/json',
  ): Promise<T> {
    const init: RequestInit = {
      method,
      signal: AbortSignal.timeout(this.timeoutMs),
      headers: {
        accept,
        ...(this.#authorization ? { authorization: this.#authorization } : {}),
      },
    };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, init);
    } catch (err) {
      throw new OperationalError(`Engine unreachable at ${this.baseUrl} (${method} ${path})`, { cause: err });
    }
    const text = await res.text();
    if (!res.ok) {
      let type = 'HttpError';
      let message = text.slice(0, 500);
      try {
        const parsed = JSON.parse(text) as { type?: string; message?: string };
        type = parsed.type ?? type;
        message = parsed.message ?? message;
      } catch {
        // not JSON: keep the raw text
      }
      if (res.status === 401)
        message = this.#authorization
          ? `${message} (the engine refused ENGINE_USER/ENGINE_PASSWORD)`
          : `${message} (the engine requires authentication: set ENGINE_USER and ENGINE_PASSWORD)`;
      throw new EngineError(res.status, type, `${method} ${path} → ${res.status} ${type}: ${message}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * A Camunda 7 REST call for a feature's own typed client (e.g. the designer studio's
   * `StudioEngine`), with this client's base URL, credentials, timeout and error mapping.
   */
  call<T>(method: string, path: string, body?: unknown | FormData): Promise<T> {
    return this.request<T>(method, path, body);
  }

  /** A GET whose answer is a file (XML, JSON of a form), as text; null on 404. */
  async callText(path: string): Promise<string | null> {
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: this.#authorization ? { authorization: this.#authorization } : {},
      });
    } catch (err) {
      throw new OperationalError(`Engine unreachable at ${this.baseUrl} (GET ${path})`, { cause: err });
    }
    if (res.status === 404) return null;
    if (!res.ok) throw new EngineError(res.status, 'HttpError', `GET ${path} → ${res.status}`);
    return res.text();
  }

  /** True when the engine answers `GET /version`. */
  async isUp(): Promise<boolean> {
    try {
      await this.request('GET', '/version');
      return true;
    } catch {
      return false;
    }
  }

  deploy(name: string, files: DeploymentFile[]): Promise<DeploymentResult> {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('deployment-source', 'motcua-portal');
    // Duplicate filtering without `deploy-changed-only`: nothing changed → no new deployment;
    // anything changed → every file again, so the forms bound `deployment` are in the new one.
    form.set('enable-duplicate-filtering', 'true');
    for (const f of files) form.append(f.name, new Blob([f.content], { type: f.contentType }), f.name);
    return this.request('POST', '/deployment/create', form);
  }

  startByKey(
    key: string,
    businessKey: string,
    variables: TypedVariables,
  ): Promise<{ id: string; businessKey: string }> {
    return this.request('POST', `/process-definition/key/${encodeURIComponent(key)}/start`, {
      businessKey,
      variables,
    });
  }

  /**
   * Starts the given definition (not "the latest of a key"), so the form it was validated against
   * is the one of the version that runs.
   */
  startById(
    definitionId: string,
    businessKey: string,
    variables: TypedVariables,
  ): Promise<{ id: string; businessKey: string; definitionId?: string }> {
    return this.request('POST', `/process-definition/${encodeURIComponent(definitionId)}/start`, {
      businessKey,
      variables,
    });
  }

  /** The latest version of a process key (`GET /process-definition/key/{key}`). */
  latestDefinition(key: string): Promise<ProcessDefinition> {
    return this.request('GET', `/process-definition/key/${encodeURIComponent(key)}`);
  }

  definition(id: string): Promise<ProcessDefinition> {
    return this.request('GET', `/process-definition/${encodeURIComponent(id)}`);
  }

  /** The BPMN 2.0 XML of a definition. */
  async definitionXml(id: string): Promise<string> {
    const dto = await this.request<{ bpmn20Xml: string }>(
      'GET',
      `/process-definition/${encodeURIComponent(id)}/xml`,
    );
    return dto.bpmn20Xml;
  }

  /**
   * The deployed start form of a definition: the form-js document (JSON) its `camunda:formRef`
   * resolves to. Camunda 7, Operaton and our engine send it as `application/json` (the OpenAPI
   * document lists `application/xhtml+xml`), so the body is read as text and parsed whatever the type.
   */
  deployedStartForm(definitionId: string): Promise<unknown> {
    return this.request(
      'GET',
      `/process-definition/${encodeURIComponent(definitionId)}/deployed-start-form`,
      undefined,
      FORM_ACCEPT,
    );
  }

  /** The deployed form of a user task (see deployedStartForm()). */
  deployedTaskForm(taskId: string): Promise<unknown> {
    return this.request('GET', `/task/${encodeURIComponent(taskId)}/deployed-form`, undefined, FORM_ACCEPT);
  }

  /** The resources of a deployment (`GET /deployment/{id}/resources`). */
  deploymentResources(deploymentId: string): Promise<Array<{ id: string; name: string }>> {
    return this.request('GET', `/deployment/${encodeURIComponent(deploymentId)}/resources`);
  }

  /** One deployed resource's content as text (`…/resources/{id}/data`). */
  async deploymentResourceText(deploymentId: string, resourceId: string): Promise<string> {
    let res: Response;
    const path = `/deployment/${encodeURIComponent(deploymentId)}/resources/${encodeURIComponent(resourceId)}/data`;
    try {
      res = await fetch(this.baseUrl + path, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: this.#authorization ? { authorization: this.#authorization } : {},
      });
    } catch (err) {
      throw new OperationalError(`Engine unreachable at ${this.baseUrl} (GET ${path})`, { cause: err });
    }
    if (!res.ok) throw new EngineError(res.status, 'HttpError', `GET ${path} → ${res.status}`);
    return res.text();
  }

  /** A process instance, running or ended (`GET /history/process-instance/{id}`). */
  historicProcessInstance(
    id: string,
  ): Promise<{ id: string; processDefinitionId: string; state?: string; endTime: string | null }> {
    return this.request('GET', `/history/process-instance/${encodeURIComponent(id)}`);
  }

  /** The runtime activity-instance tree of a running process instance (404 once it ended). */
  activityInstances(processInstanceId: string): Promise<ActivityInstanceTree> {
    return this.request(
      'GET',
      `/process-instance/${encodeURIComponent(processInstanceId)}/activity-instances`,
    );
  }

  processInstances(query: {
    businessKey?: string;
    processDefinitionKey?: string;
  }): Promise<Array<{ id: string; businessKey: string | null }>> {
    return this.request('GET', `/process-instance?${new URLSearchParams(query as Record<string, string>)}`);
  }

  /**
   * Open user tasks of no tenant: an officer's inbox and a dossier's tasks never show the studio's
   * sandbox runs (deployed and started under a tenant).
   */
  tasks(query: Record<string, string>): Promise<EngineTask[]> {
    return this.request('GET', `/task?${new URLSearchParams({ ...query, withoutTenantId: 'true' })}`);
  }

  /**
   * One page of a task query in Camunda's TaskQueryDto (`POST /task`: `orQueries`, `sorting`…),
   * filtered, sorted and paged by the engine, never here; tasks of no tenant only (never the
   * studio's sandbox runs).
   */
  queryTasks(body: TaskQueryBody, page: { firstResult: number; maxResults: number }): Promise<EngineTask[]> {
    const paging = new URLSearchParams({
      firstResult: String(page.firstResult),
      maxResults: String(page.maxResults),
    });
    return this.request('POST', `/task?${paging}`, { ...body, withoutTenantId: true });
  }

  /** How many tasks a TaskQueryDto matches (`POST /task/count`). */
  async countTasks(body: TaskQueryBody): Promise<number> {
    const { count } = await this.request<{ count: number }>('POST', '/task/count', {
      ...body,
      withoutTenantId: true,
    });
    return count;
  }

  task(id: string): Promise<EngineTask> {
    return this.request('GET', `/task/${encodeURIComponent(id)}`);
  }

  claim(id: string, userId: string): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(id)}/claim`, { userId });
  }

  unclaim(id: string): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(id)}/unclaim`, {});
  }

  complete(id: string, variables: TypedVariables): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(id)}/complete`, { variables });
  }

  /**
   * `POST /message`: correlates a message with the one process instance of the business key that
   * waits for it. The engine answers 400 (MismatchingMessageCorrelationException) when nothing waits.
   */
  correlate(messageName: string, businessKey: string, processVariables: TypedVariables): Promise<void> {
    return this.request('POST', '/message', { messageName, businessKey, processVariables });
  }

  activityHistory(processInstanceId: string): Promise<HistoricActivityInstance[]> {
    return this.request('GET', `/history/activity-instance?${new URLSearchParams({ processInstanceId })}`);
  }

  /** Activity instances of one element still running, in every process (newest first, at most 200). */
  unfinishedActivities(activityId: string): Promise<HistoricActivityInstance[]> {
    return this.request(
      'GET',
      `/history/activity-instance?${new URLSearchParams({
        activityId,
        unfinished: 'true',
        sortBy: 'startTime',
        sortOrder: 'desc',
        maxResults: '200',
      })}`,
    );
  }

  /**
   * The bytes of a process instance's File variable (e.g. the signed result `resultDocument`),
   * running or ended: its newest history revision through `/history/variable-instance/{id}/data`.
   * Null when the instance has no such File variable.
   */
  async fileVariable(
    processInstanceId: string,
    name: string,
  ): Promise<{ content: Buffer; filename: string; mimeType: string } | null> {
    const [v] = await this.request<Array<HistoricVariableInstance & { id: string }>>(
      'GET',
      `/history/variable-instance?${new URLSearchParams({ processInstanceId, variableName: name })}`,
    );
    if (!v || v.type !== 'File') return null;
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/history/variable-instance/${encodeURIComponent(v.id)}/data`, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: this.#authorization ? { authorization: this.#authorization } : {},
      });
    } catch (err) {
      throw new OperationalError(`Engine unreachable at ${this.baseUrl} (file variable ${name})`, {
        cause: err,
      });
    }
    if (res.status === 404) return null;
    if (!res.ok) throw new EngineError(res.status, 'HttpError', `file variable ${name} → ${res.status}`);
    const info = v.valueInfo ?? {};
    return {
      content: Buffer.from(await res.arrayBuffer()),
      filename: typeof info.filename === 'string' ? info.filename : `${name}.bin`,
      mimeType: typeof info.mimeType === 'string' ? info.mimeType : 'application/octet-stream',
    };
  }

  /** The finished user tasks of a process instance, oldest first. */
  finishedTasks(processInstanceId: string): Promise<HistoricTask[]> {
    return this.request(
      'GET',
      `/history/task?${new URLSearchParams({ processInstanceId, finished: 'true', sortBy: 'endTime', sortOrder: 'asc' })}`,
    );
  }

  /** Every write of a variable in the process instance (Camunda's historic details), oldest first. */
  variableUpdates(processInstanceId: string): Promise<HistoricVariableUpdate[]> {
    return this.request(
      'GET',
      `/history/detail?${new URLSearchParams({ processInstanceId, variableUpdates: 'true', sortBy: 'time', sortOrder: 'asc' })}`,
    );
  }

  async variableHistory(processInstanceId: string): Promise<Record<string, TypedValue>> {
    const list = await this.request<HistoricVariableInstance[]>(
      'GET',
      `/history/variable-instance?${new URLSearchParams({ processInstanceId })}`,
    );
    const out: Record<string, TypedValue> = {};
    for (const v of list)
      out[v.name] = { value: v.value, type: v.type, ...(v.valueInfo ? { valueInfo: v.valueInfo } : {}) };
    return out;
  }
}
