import {
  BasicAuthInterceptor,
  Client,
  Variables,
  type Task,
  type TaskService,
} from 'camunda-external-task-client-js';
import { BusinessError, type Logger } from '@motcua/domain';
import type { ExternalTaskInfo, TopicHandler } from './define-handler.js';
import { nextRetry, type RetryPolicy } from './retry-policy.js';

export interface WorkerRuntimeOptions {
  /** Engine REST base, e.g. http://localhost:8080/engine-rest. */
  engineUrl: string;
  /** HTTP Basic credentials sent on every engine call (never logged). */
  engineAuth?: { user: string; password: string };
  workerId: string;
  /** How long a fetched task stays locked to this worker, ms. */
  lockDurationMs: number;
  /** Tasks fetched per poll, and at most this many handlers run at once. */
  maxTasks: number;
  /** Long-polling wait of fetchAndLock, ms (0 = no long polling). */
  asyncResponseTimeoutMs: number;
  /** Pause between polls, ms. */
  pollIntervalMs: number;
  retry: RetryPolicy;
  logger: Logger;
  /** Told how each task ended (the metrics). */
  onOutcome?: (topic: string, outcome: TaskOutcome) => void;
}

export type TaskOutcome = 'completed' | 'bpmn-error' | 'failed' | 'unlocked' | 'report-failed';

// Error messages are stored by the engine and shown in cockpit-like views: keep them short.
const MAX_ERROR_MESSAGE = 500;
const POLL_ERROR_LOG_EVERY_MS = 30_000;

function isBusinessError(err: unknown): err is BusinessError {
  if (err instanceof BusinessError) return true;
  const e = err as { name?: unknown; code?: unknown };
  return e?.name === 'BusinessError' && typeof e.code === 'string';
}

/**
 * An error of the engine client as something safe to log: the client's (got's) errors carry the
 * request options, headers and so the Basic credentials included; keep name, message, code, stack.
 */
export function loggableEngineError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const safe = new Error(err.message);
  safe.name = err.name;
  if (err.stack) safe.stack = err.stack;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') (safe as Error & { code?: string }).code = code;
  return safe;
}

function toVariables(values: Record<string, unknown> | void): Variables {
  const vars = new Variables();
  for (const [k, v] of Object.entries(values ?? {})) if (v !== undefined) vars.set(k, v);
  return vars;
}

/**
 * Runs topic handlers on camunda-external-task-client-js: polls, dispatches each task to its
 * handler and reports complete / bpmnError / failure. Graceful stop: stop polling, let running
 * handlers finish, then resolve; a task that a last pending poll still delivers is unlocked, not run.
 */
export class WorkerRuntime {
  private readonly client: Client;
  private readonly log: Logger;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private stopping = false;
  private lastPollErrorLog = 0;

  constructor(
    private readonly handlers: TopicHandler[],
    private readonly options: WorkerRuntimeOptions,
  ) {
    this.log = options.logger.child({ component: 'worker-runtime', workerId: options.workerId });
    this.client = new Client({
      baseUrl: options.engineUrl,
      ...(options.engineAuth
        ? {
            interceptors: new BasicAuthInterceptor({
              username: options.engineAuth.user,
              password: options.engineAuth.password,
            }),
          }
        : {}),
      workerId: options.workerId,
      maxTasks: options.maxTasks,
      maxParallelExecutions: options.maxTasks,
      lockDuration: options.lockDurationMs,
      interval: options.pollIntervalMs,
      autoPoll: false,
      ...(options.asyncResponseTimeoutMs > 0 ? { asyncResponseTimeout: options.asyncResponseTimeoutMs } : {}),
    });
    this.client.on('poll:error', (err: unknown) => {
      // The engine may be starting or restarting: say so now and then, not every poll.
      const now = Date.now();
      if (now - this.lastPollErrorLog >= POLL_ERROR_LOG_EVERY_MS) {
        this.lastPollErrorLog = now;
        this.log.warn({ err: loggableEngineError(err) }, 'fetchAndLock failed; polling again');
      }
    });
    for (const h of handlers) {
      this.client.subscribe(
        h.topic,
        {
          // Only instances of no tenant: the studio's sandbox runs (tenant motcua-sandbox) must
          // never get a dossier number, a signature or a mail.
          withoutTenantId: true,
          ...(h.options.lockDurationMs ? { lockDuration: h.options.lockDurationMs } : {}),
          ...(h.options.variables ? { variables: h.options.variables } : {}),
        },
        async ({ task, taskService }) => {
          await this.execute(h, task, taskService);
        },
      );
    }
  }

  start(): void {
    this.log.info(
      { topics: this.handlers.map((h) => h.topic), engineUrl: this.options.engineUrl },
      'workers polling',
    );
    this.client.start();
  }

  /** Handlers running right now. */
  get running(): number {
    return this.inFlight;
  }

  /** Runs one task through its handler and reports the outcome to the engine. Never throws. */
  async execute(handler: TopicHandler, task: Task, taskService: TaskService): Promise<TaskOutcome> {
    const outcome = await this.handleTask(handler, task, taskService);
    this.options.onOutcome?.(handler.topic, outcome);
    return outcome;
  }

  private async handleTask(
    handler: TopicHandler,
    task: Task,
    taskService: TaskService,
  ): Promise<TaskOutcome> {
    const log = this.log.child({
      topic: handler.topic,
      externalTaskId: task.id,
      processInstanceId: task.processInstanceId,
      processDefinitionKey: task.processDefinitionKey,
      activityId: task.activityId,
    });
    if (this.stopping) {
      await taskService
        .unlock(task)
        .catch((err: unknown) =>
          log.warn({ err: loggableEngineError(err) }, 'could not unlock a task fetched while stopping'),
        );
      return 'unlocked';
    }
    this.inFlight++;
    try {
      const info: ExternalTaskInfo = {
        id: task.id,
        topicName: task.topicName,
        processInstanceId: task.processInstanceId,
        processDefinitionKey: task.processDefinitionKey,
        activityId: task.activityId,
        businessKey: task.businessKey ?? null,
        retries: task.retries ?? null,
        variables: task.variables.getAll(),
      };
      let result: Awaited<ReturnType<TopicHandler['handle']>>;
      try {
        result = await handler.handle({ task: info, logger: log });
      } catch (err) {
        return await this.reportError(task, taskService, err, log);
      }
      await taskService.complete(task, toVariables(result));
      log.info('task completed');
      return 'completed';
    } catch (err) {
      // The engine did not take our report (down, lock lost): the lock expires and the task is
      // delivered again; the handlers are idempotent for that reason.
      log.error({ err: loggableEngineError(err) }, 'could not report the task outcome to the engine');
      return 'report-failed';
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** BusinessError → bpmnError; anything else → failure with the retry policy. */
  private async reportError(
    task: Task,
    taskService: TaskService,
    err: unknown,
    log: Logger,
  ): Promise<TaskOutcome> {
    if (isBusinessError(err)) {
      await taskService.handleBpmnError(task, err.code, err.message, toVariables(err.variables));
      log.info({ errorCode: err.code, reason: err.message }, 'business error reported');
      return 'bpmn-error';
    }
    const decision = nextRetry(task.retries, this.options.retry);
    const e = err as Error;
    await taskService.handleFailure(task, {
      errorMessage: String(e?.message ?? err).slice(0, MAX_ERROR_MESSAGE),
      errorDetails: e?.stack ?? String(err),
      retries: decision.retries,
      retryTimeout: decision.retryTimeout,
    });
    if (decision.retries === 0) log.error({ err, ...decision }, 'task failed, no retries left');
    else log.warn({ err, ...decision }, 'task failed, will retry');
    return 'failed';
  }

  /** Stops polling and resolves once running handlers have finished (or after `timeoutMs`). */
  async close(timeoutMs = 30_000): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      this.client.stop();
    }
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            this.log.warn({ running: this.inFlight }, 'stopping with handlers still running');
            resolve();
          }, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    }
    this.log.info('workers stopped');
  }
}
