/**
 * The shared harness of the conformance suite: which engines a file runs against, and the REST
 * helpers every scenario uses. Nothing here reaches into an engine: every helper is a REST call (or
 * the real camunda-external-task-client-js), so the same scenario runs on our embedded engine (a
 * fresh SQLite and MariaDB database per file) and, with `ENGINE_URL`, on any Camunda 7 compatible
 * engine (Operaton). No clock moves: timers are fired with `POST /job/{id}/execute`.
 *
 * A running engine's job executor (Operaton's) runs async continuations and due timers by itself,
 * while ours runs with the job executor off; `settle()` and `runJobs()` cover both: they execute the
 * jobs that are there and wait until the engine has nothing left to do.
 */
import { afterAll, beforeAll, expect } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'camunda-external-task-client-js';
import { testDatabases, type TestDatabaseFactory } from '@motcua/db/testing';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { RestClient } from '../rest-client.js';
import { engineUnderTest, type EngineUnderTest } from '../engine-under-test.js';

export const ENGINE_URL = process.env.ENGINE_URL;
/** Unique per run: deployment names and business keys never clash with an engine's older data. */
export const RUN = Date.now().toString(36);

/** A public model of ../reference/conformance-bpmn/ (its index.md names the Camunda test). */
export const corpus = (name: string) =>
  readFileSync(new URL(`../reference/conformance-bpmn/${name}`, import.meta.url), 'utf8');
/** One of our own models in ./models/. */
export const model = (name: string) => readFileSync(new URL(`./models/${name}`, import.meta.url), 'utf8');
/** Every model of ./models/ whose file name starts with `prefix` (one process per file), by file name. */
export const models = (prefix: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(new URL('./models/', import.meta.url))
      .filter((f) => f.startsWith(prefix) && /\.(bpmn|dmn|form)$/.test(f))
      .map((f) => [f, model(f)]),
  );

export interface Target {
  name: string;
  start(): Promise<{ url: string; stop(): Promise<void> }>;
}

export const targets: Target[] = ENGINE_URL
  ? [{ name: `ENGINE_URL ${ENGINE_URL}`, start: async () => ({ url: ENGINE_URL, stop: async () => {} }) }]
  : (await testDatabases()).map((factory: TestDatabaseFactory) => ({
      name: `embedded on ${factory.dialect}`,
      start: async () => {
        const db = await factory.create();
        // The real clock and the background job executor stay off: jobs run only when told to.
        const engine: RunningEngine = await startEngine({
          dbUrl: db.url,
          port: 0,
          jobExecutor: { enabled: false },
        });
        return {
          url: engine.url,
          stop: async () => {
            await engine.close();
            await db.drop();
          },
        };
      },
    }));

/** Camunda's `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (or ISO) as a Date. */
export const parseDate = (text: string) => new Date(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));

type Vars = Record<string, unknown>;
export interface ExternalTask {
  id: string;
  activityId: string;
  processInstanceId: string;
  variables?: Record<string, { value: unknown; type: string }>;
}

/**
 * One conformance file's view of a target: `useTarget()` starts the target and deploys the file's
 * models in `beforeAll`, stops it in `afterAll`, and returns the helpers.
 */
export class Scenario {
  api!: RestClient;
  /** Process definition ids of this file's deployment, by key (an engine may hold other versions). */
  readonly definitionIds = new Map<string, string>();
  deployment: { id: string; [k: string]: unknown } = { id: '' };
  /** Ours, Operaton or Camunda 7.24 (see engine-under-test.ts), read in beforeAll. */
  engine: EngineUnderTest = 'ours';
  /**
   * The target is a reference engine (Operaton or Camunda 7.24): the KNOWN_DIFFERENCE branches
   * assert the reference answer there, where both references answer alike.
   */
  get reference(): boolean {
    return this.engine !== 'ours';
  }
  /** The target is Operaton: for what only the Operaton build lacks (its Spin JSON dataformat). */
  get operaton(): boolean {
    return this.engine === 'operaton';
  }
  private n = 0;

  constructor(private readonly prefix: string) {}

  /** A business key unique to this run. */
  key(): string {
    return `${this.prefix}-${RUN}-${++this.n}`;
  }

  /** Deploys files under a unique name; answers the body (expects 200). */
  async deploy(files: Record<string, string>, name = `${this.prefix}-${RUN}-${++this.n}`) {
    const res = await this.api.deploy(files, { 'deployment-name': name });
    if (res.status !== 200) throw new Error(`deployment failed: ${JSON.stringify(res.body).slice(0, 2000)}`);
    return res.body;
  }

  /** Starts this file's version of a process (by id), else the latest of the key. */
  async start(processKey: string, variables: Vars = {}, businessKey = this.key()) {
    const id = this.definitionIds.get(processKey);
    const path = id ? `/process-definition/${id}/start` : `/process-definition/key/${processKey}/start`;
    return this.api.ok(this.api.post(path, { businessKey, variables }));
  }

  /** Task definition keys of the open tasks of an instance, sorted. */
  async tasks(pi: string): Promise<string[]> {
    return (await this.api.ok(this.api.get(`/task?processInstanceId=${pi}`)))
      .map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)
      .sort();
  }

  async task(pi: string, taskKey: string) {
    const [t] = await this.api.ok(this.api.get(`/task?processInstanceId=${pi}&taskDefinitionKey=${taskKey}`));
    expect(t).toBeDefined();
    return t;
  }

  async completeTask(pi: string, taskKey: string, variables: Vars = {}) {
    const t = await this.task(pi, taskKey);
    const res = await this.api.post(`/task/${t.id}/complete`, { variables });
    expectStatus(res, 204);
  }

  history(pi: string) {
    return this.api.ok(this.api.get(`/history/process-instance/${pi}`));
  }

  /** Historic activity instances of one activity, oldest first. */
  activity(pi: string, activityId: string) {
    return this.api.ok(
      this.api.get(
        `/history/activity-instance?processInstanceId=${pi}&activityId=${encodeURIComponent(activityId)}&sortBy=startTime&sortOrder=asc`,
      ),
    );
  }

  /** The process instance's own variables as name → value. */
  async vars(pi: string): Promise<Record<string, unknown>> {
    const body = await this.api.ok(this.api.get(`/process-instance/${pi}/variables`));
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, (v as { value: unknown }).value]));
  }

  /** Values of a variable across all scopes of an instance (runtime), sorted. */
  async variableValues(pi: string, name: string): Promise<unknown[]> {
    const rows = await this.api.ok(
      this.api.get(`/variable-instance?processInstanceIdIn=${pi}&variableName=${name}`),
    );
    return rows.map((r: { value: unknown }) => r.value).sort();
  }

  /** A variable from history (also after the instance ended). */
  async historicVariable(pi: string, name: string) {
    const [v] = await this.api.ok(
      this.api.get(`/history/variable-instance?processInstanceId=${pi}&variableName=${name}`),
    );
    return v as { value: unknown; type: string } | undefined;
  }

  timers(pi: string) {
    return this.api.ok(this.api.get(`/job?processInstanceId=${pi}&timers=true`));
  }

  /** Fires the one timer of an instance (or of one activity of it). */
  async fireTimer(pi: string, activityId?: string) {
    const jobs = await this.api.ok(
      this.api.get(
        `/job?processInstanceId=${pi}&timers=true${activityId ? `&activityId=${activityId}` : ''}`,
      ),
    );
    expect(jobs).toHaveLength(1);
    expectStatus(await this.api.post(`/job/${jobs[0].id}/execute`), 204);
  }

  /**
   * Runs the instance's async continuations (message jobs): executes the ones there, until none
   * is left. On an engine whose job executor runs, a job may go between the list and the call.
   */
  async runJobs(pi: string) {
    for (let i = 0; i < 100; i++) {
      const jobs = await this.api.ok(this.api.get(`/job?processInstanceId=${pi}&messages=true`));
      if (jobs.length === 0) return;
      for (const job of jobs) {
        const res = await this.api.post(`/job/${job.id}/execute`);
        if (!ENGINE_URL) expectStatus(res, 204);
      }
      if (ENGINE_URL) await sleep(100);
    }
    throw new Error(`jobs of ${pi} never settled`);
  }

  /** Polls until `check` holds (at once on our engine; a running job executor may need a moment). */
  async eventually<T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
    let v = await read();
    for (let i = 0; i < 100 && !check(v); i++) {
      await sleep(100);
      v = await read();
    }
    return v;
  }

  /** Fetches and locks the one task of a topic for a business key (REST, not the client). */
  async fetch(topic: string, businessKey: string): Promise<ExternalTask> {
    for (let i = 0; i < 50; i++) {
      const tasks = await this.api.ok(
        this.api.post('/external-task/fetchAndLock', {
          workerId: `conformance-${RUN}`,
          maxTasks: 1,
          topics: [{ topicName: topic, lockDuration: 60_000, businessKey }],
        }),
      );
      if (tasks.length === 1) return tasks[0];
      await sleep(100);
    }
    throw new Error(`no external task of ${topic} for ${businessKey}`);
  }

  async completeExternal(task: ExternalTask, variables: Vars = {}) {
    const res = await this.api.post(`/external-task/${task.id}/complete`, {
      workerId: `conformance-${RUN}`,
      variables,
    });
    expectStatus(res, 204);
  }

  /** The real external-task client handles one task of a topic for one business key, then stops. */
  withClient(
    topic: string,
    businessKey: string,
    handle: (task: ClientTask, service: ClientTaskService) => Promise<void>,
  ): Promise<void> {
    return withExternalTaskClient(this.api.url, topic, businessKey, handle);
  }
}

export interface ClientTask {
  variables: { get(name: string): unknown; getAll(): Record<string, unknown> };
  extensionProperties?: Record<string, string>;
  businessKey?: string;
}
export interface ClientTaskService {
  complete(t: unknown, variables?: unknown, localVariables?: unknown): Promise<void>;
  handleBpmnError(t: unknown, code: string, message?: string, variables?: unknown): Promise<void>;
  handleFailure(
    t: unknown,
    options: { errorMessage?: string; retries?: number; retryTimeout?: number },
  ): Promise<void>;
}

/** Fails with the answer's body in the message (a bare status mismatch says too little). */
export function expectStatus(res: { status: number; body: unknown }, status: number): void {
  if (res.status !== status)
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 1000)}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Registers beforeAll/afterAll for one target of a conformance file: starts it, deploys `files`
 * (under a name unique to the run) and records the process definition ids of that deployment.
 */
export function useTarget(target: Target, prefix: string, files: () => Record<string, string>): Scenario {
  const s = new Scenario(prefix);
  let stop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const started = await target.start();
    s.api = new RestClient(started.url);
    stop = started.stop;
    const version = await s.api.get('/version');
    s.engine = engineUnderTest(String(version.body?.version ?? ''), ENGINE_URL);
    const body = await s.deploy(files(), `${prefix}-${RUN}`);
    s.deployment = body;
    for (const d of Object.values(body.deployedProcessDefinitions ?? {}) as { id: string; key: string }[])
      s.definitionIds.set(d.key, d.id);
  });
  afterAll(() => stop());
  return s;
}

/**
 * The real camunda-external-task-client-js handles one task of a topic for one business key,
 * then stops (fails after 20 s without one).
 */
export async function withExternalTaskClient(
  baseUrl: string,
  topic: string,
  businessKey: string,
  handle: (task: ClientTask, service: ClientTaskService) => Promise<void>,
): Promise<void> {
  const client = new Client({
    baseUrl,
    workerId: `conformance-${RUN}`,
    asyncResponseTimeout: 2000,
    interval: 50,
    autoPoll: false,
  });
  let done!: () => void;
  let failed!: (e: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  client.subscribe(
    topic,
    { businessKey, includeExtensionProperties: true },
    async ({ task, taskService }) => {
      try {
        await handle(task as never, taskService as never);
        done();
      } catch (err) {
        failed(err);
      }
    },
  );
  client.start();
  const timeout = setTimeout(() => failed(new Error(`no task of ${topic} for ${businessKey}`)), 20_000);
  try {
    await finished;
  } finally {
    clearTimeout(timeout);
    client.stop();
  }
}
