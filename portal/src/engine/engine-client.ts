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
  camundaFormRef?: { key: string } | null;
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

  private async request<T>(method: string, path: string, body?: unknown | FormData): Promise<T> {
    const init: RequestInit = {
      method,
      signal: AbortSignal.timeout(this.timeoutMs),
      headers: {
        accept: 'application/json',
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
    form.set('deploy-changed-only', 'true');
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

  processInstances(query: {
    businessKey?: string;
    processDefinitionKey?: string;
  }): Promise<Array<{ id: string; businessKey: string | null }>> {
    return this.request('GET', `/process-instance?${new URLSearchParams(query as Record<string, string>)}`);
  }

  tasks(query: Record<string, string>): Promise<EngineTask[]> {
    return this.request('GET', `/task?${new URLSearchParams(query)}`);
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
