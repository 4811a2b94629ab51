import { EngineExternalTask, type EngineVariable, type FetchCandidate } from '@motcua/db/engine';
import type { LockedExternalTaskDto, VariableMapDto } from '@motcua/engine-client';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, UPDATE_PROCESS_INSTANCES } from '../identity/authorization.service.js';
import { queryText, toDto, type StoredValue } from '../variables/typed-value.js';
import type { ProcessModel } from '../bpmn/model.js';
import { toExternalTaskDto } from './external-task.service.js';

/*
 * fetchAndLock: the look before locking, the lock in one command, and long polling with its
 * periodic re-checks (shared by the fetches of this process parked on the same request). The
 * other external-task operations are in external-task.service.ts.
 */

/** Camunda's longest long poll (FetchAndLockHandlerImpl). */
export const MAX_ASYNC_RESPONSE_TIMEOUT = 1_800_000;
/** How often a parked fetch re-checks the database for tasks created by other engine processes. */
const RECHECK_INTERVAL_MS = 1000;
/**
 * This process's re-checks fall on the same instants, once per interval, offset by a random phase
 * so that engine processes sharing a database do not all look at the same moment.
 */
const RECHECK_PHASE_MS = Math.floor(Math.random() * RECHECK_INTERVAL_MS);

/** Until this process's next re-check instant: more than 0, at most the interval. */
function untilNextRecheck(now: number): number {
  return RECHECK_INTERVAL_MS - ((now - RECHECK_PHASE_MS) % RECHECK_INTERVAL_MS);
}

export interface FetchTopic {
  topicName: string;
  lockDuration: number;
  variables: string[] | null;
  businessKey?: string;
  processDefinitionId?: string;
  processDefinitionIdIn?: string[];
  processDefinitionKey?: string;
  processDefinitionKeyIn?: string[];
  processDefinitionVersionTag?: string;
  tenantIdIn?: string[];
  withoutTenantId?: boolean;
  includeExtensionProperties?: boolean;
  /** Variable name → value the process instance must hold (compared as canonical text). */
  processVariables?: Record<string, unknown>;
}

export interface FetchRequest {
  workerId: string;
  maxTasks: number;
  usePriority: boolean;
  createTimeOrder?: 'ASC' | 'DESC';
  asyncResponseTimeout: number | null;
  topics: FetchTopic[];
}

/** The store query for one topic of a fetch. */
function topicQuery(topic: FetchTopic, now: Date) {
  const pdIds = [
    ...(topic.processDefinitionIdIn ?? []),
    ...(topic.processDefinitionId ? [topic.processDefinitionId] : []),
  ];
  const pdKeys = [
    ...(topic.processDefinitionKeyIn ?? []),
    ...(topic.processDefinitionKey ? [topic.processDefinitionKey] : []),
  ];
  return {
    topicName: topic.topicName,
    now,
    businessKey: topic.businessKey,
    processDefinitionIds: pdIds.length ? pdIds : undefined,
    processDefinitionKeys: pdKeys.length ? pdKeys : undefined,
    processDefinitionVersionTag: topic.processDefinitionVersionTag,
    tenantIds: topic.tenantIdIn,
    withoutTenantId: topic.withoutTenantId,
    processVariables: topic.processVariables
      ? Object.entries(topic.processVariables).map(([name, value]) => ({ name, text: queryText(value) }))
      : undefined,
  };
}

/** What a look before locking found: the first topic (by its index in the request) with candidates. */
type Look = { topicIndex: number; candidates: FetchCandidate[] } | null;

/**
 * The look before locking, in one read transaction, with the caller's permission checked in it:
 * null if nothing is fetchable (or `maxTasks` is 0). On MariaDB the candidates are handed to the
 * lock, which takes them first.
 */
function lookFor(core: EngineCore, req: FetchRequest): Promise<Look> {
  const now = core.clock.now();
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    if (req.maxTasks <= 0) return null;
    for (const [topicIndex, topic] of req.topics.entries()) {
      const candidates = await tx.lookForFetchableExternalTasks(fetchQuery(req, topic, now, req.maxTasks));
      if (candidates.length > 0) return { topicIndex, candidates };
    }
    return null;
  });
}

/** The latest re-check look per store and per what it looks for, with its instant (see sharedRecheck). */
const recheckLooks = new WeakMap<EngineCore['store'], Map<string, { at: number; look: Promise<Look> }>>();

/**
 * The periodic re-check of a parked fetch, shared by the parked fetches of this process that ask
 * the same (same caller, topics with the same filters, same maxTasks and order): their re-checks
 * fall on the same instants (untilNextRecheck), and the first one due at instant `at` looks for
 * all of them — the others, their timers firing a moment later or while it runs, take its answer.
 * N workers parked on one topic then cost one look per interval, not N. Only re-checks are
 * shared: a re-check answers for the interval before it anyway, while a first attempt, a fetch
 * woken by a task created here and the last attempt at the end of a wait look for themselves. What
 * a shared look found is only a list of candidates: each fetch locks with SKIP LOCKED and
 * re-checks each, as after a look of its own. A task created here while a shared look runs wakes
 * the fetches armed before its creation (each arms before it looks); one that armed just after
 * and took the running look's answer finds the task at its next re-check, if the others left it.
 */
function sharedRecheck(core: EngineCore, req: FetchRequest, at: number): Promise<Look> {
  const key = JSON.stringify([
    core.caller,
    req.maxTasks,
    req.usePriority,
    req.createTimeOrder ?? null,
    req.topics.map((t) => topicQuery(t, new Date(0))),
  ]);
  let latest = recheckLooks.get(core.store);
  if (!latest) recheckLooks.set(core.store, (latest = new Map()));
  const entry = latest.get(key);
  if (entry?.at === at) return entry.look;
  const mine = { at, look: lookFor(core, req) };
  latest.set(key, mine);
  // Kept for the fetches whose timers for the same instant fire late, then forgotten.
  const forget = () =>
    setTimeout(() => {
      if (latest.get(key) === mine) latest.delete(key);
    }, RECHECK_INTERVAL_MS / 2).unref();
  mine.look.then(forget, forget);
  return mine.look;
}

const fetchQuery = (req: FetchRequest, topic: FetchTopic, at: Date, limit: number) => ({
  ...topicQuery(topic, at),
  limit,
  usePriority: req.usePriority,
  createTimeOrder: req.createTimeOrder,
});

/**
 * One attempt of a fetch. `look`: `own`, look first (a fetch that finds nothing, most long-poll
 * re-checks, opens no write transaction, which on SQLite would take the file's write lock from the
 * portal and the workers; an empty poll is one read transaction); `sharedAt`, the same through
 * sharedRecheck, for the re-check instant given; `none`, the command looks itself (SQLite's first
 * attempt, see fetchAndLock). What the look found (on MariaDB the first topic's candidates) is
 * locked first by the command.
 */
async function lockOnce(
  core: EngineCore,
  req: FetchRequest,
  options: { look: 'own' | { sharedAt: number } | 'none' },
): Promise<LockedExternalTaskDto[]> {
  let look: Look = null;
  if (options.look !== 'none' || req.maxTasks <= 0) {
    look =
      typeof options.look === 'object'
        ? await sharedRecheck(core, req, options.look.sharedAt)
        : await lookFor(core, req);
    if (!look) return [];
  }
  const lookedTopic = look ? req.topics[look.topicIndex] : undefined;
  return core.command(async (ctx) => {
    if (!look) await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    const locked: { task: EngineExternalTask; topic: FetchTopic }[] = [];
    for (const topic of req.topics) {
      const remaining = req.maxTasks - locked.length;
      if (remaining <= 0) break;
      const rows = await ctx.findFetchableExternalTasks({
        ...fetchQuery(req, topic, ctx.now, remaining),
        candidates: look && topic === lookedTopic && remaining === req.maxTasks ? look.candidates : undefined,
      });
      for (const task of rows) {
        if (locked.some((l) => l.task.id === task.id)) continue;
        task.workerId = req.workerId;
        task.lockExpirationTime = new Date(ctx.now.getTime() + topic.lockDuration);
        await ctx.tx.update(EngineExternalTask, task);
        locked.push({ task, topic });
      }
    }
    const dtos: LockedExternalTaskDto[] = [];
    // What each task's execution sees: its input mappings and the scopes around it. The
    // executions and their instances' variables of all the locked tasks are read together (on
    // MariaDB, those of the look's candidates went with the lock already: ctx.findFetchableExternalTasks).
    await ctx.loadExecutionsAndVariables(locked.map((l) => l.task));
    for (const { task, topic } of locked) {
      const exec = await ctx.execution(task.executionId);
      const vars = exec ? await ctx.visibleVariables(exec) : await ctx.variables(task.processInstanceId);
      const variables: VariableMapDto = {};
      for (const v of vars.values()) {
        if (topic.variables === null || topic.variables.includes(v.name))
          variables[v.name] = toDto(stored(v));
      }
      let extensionProperties: Record<string, string> = {};
      if (topic.includeExtensionProperties) {
        const model: ProcessModel = await ctx.models.get(ctx.tx, task.processDefinitionId);
        extensionProperties = {
          ...(model.nodes.get(task.activityId)?.externalTask?.extensionProperties ?? {}),
        };
      }
      dtos.push({
        ...toExternalTaskDto(task),
        errorDetails: task.errorDetails,
        variables,
        extensionProperties,
      });
    }
    return dtos;
  });
}

const stored = (v: EngineVariable): StoredValue => ({
  type: v.type as StoredValue['type'],
  text: v.textValue,
});

/**
 * fetchAndLock with long polling: answer at once when tasks are found or no timeout is given;
 * otherwise park until a task on one of the topics is created in this process (woken), the
 * periodic re-check finds one, the client goes away, or the timeout ends (answer `[]`).
 */
export async function fetchAndLock(
  core: EngineCore,
  req: FetchRequest,
  isAborted: () => boolean = () => false,
): Promise<LockedExternalTaskDto[]> {
  const timeout = req.asyncResponseTimeout ?? 0;
  const deadline = Date.now() + timeout;
  // On SQLite the first attempt locks without a look first: a look is a read, which the store
  // runs only between commit groups, so a fetch that looked waited for two turns on the
  // connection (and ended the group before it early, one more fsync). A first attempt that finds
  // nothing costs a write transaction that writes nothing (no fsync). Long-poll re-checks, mostly
  // empty, still look first, and so does MariaDB, whose look hands its candidates to the lock.
  let look: 'own' | { sharedAt: number } | 'none' = core.store.dialect === 'mysql' ? 'own' : 'none';
  for (;;) {
    const armed = core.notifier.arm(req.topics.map((t) => t.topicName));
    try {
      const tasks = await lockOnce(core, req, { look });
      if (tasks.length > 0) core.observer.externalTasksFetched(tasks.map((t) => t.topicName));
      if (tasks.length > 0 || timeout <= 0) return tasks;
      const now = Date.now();
      const remaining = deadline - now;
      if (remaining <= 0 || core.notifier.isClosed || isAborted()) return [];
      const untilRecheck = untilNextRecheck(now);
      const why = await armed.wait(Math.min(remaining, untilRecheck));
      if (core.notifier.isClosed || isAborted()) return [];
      // A timed re-check shares its look (sharedRecheck); woken by a task created here, or at the
      // end of the wait, the fetch looks for itself.
      look = why === 'elapsed' && untilRecheck <= remaining ? { sharedAt: now + untilRecheck } : 'own';
    } finally {
      armed.dispose();
    }
  }
}
