import {
  EngineExecution,
  EngineExternalTask,
  EngineHistoricActivityInstance,
  EngineHistoricVariableInstance,
  EngineHistoricVariableUpdate,
  EngineIdentityLink,
  EngineTask,
  EngineVariable,
  type EngineTx,
  type FetchableExternalTaskQuery,
  type FetchCandidate,
  type TableRead,
  type TaskKeysOf,
  type TaskKind,
  type Where,
} from '@motcua/db/engine';
import type { Caller } from '../identity/authorization.service.js';
import type { Resolver } from '../expressions/index.js';
import { NOW, type ExecutionFacade, type TaskFacade } from '../expressions/methods.js';
import { toJs, type StoredValue } from '../variables/typed-value.js';
import { storePendingContent } from '../variables/file-value.js';
import type { ModelCache } from './model-cache.js';
import { newId } from './ids.js';

/**
 * The key under which a task's own (local) variables are kept among an instance's scopes. They
 * live on the task, not on its execution: Camunda's task-local variables are visible to the task
 * (its forms, its listeners, `/task/{id}/variables`) and to nothing else, and go when it ends.
 */
const taskScope = (taskId: string) => `task:${taskId}`;

/** Where a variable is written: a scope execution, or a task (on that task's execution). */
interface VariableOwner {
  execution: EngineExecution;
  taskId: string | null;
}

/** One variable to write, and where the activity (and task) it is written at. */
interface VariableWrite {
  owner: VariableOwner;
  name: string;
  value: StoredValue;
  at: { activityInstanceId: string | null; taskId?: string | null };
}

/** What a fetch read along with the lock of a batch of candidates (findFetchableExternalTasks). */
interface ReadAlong {
  batch: readonly FetchCandidate[];
  /** The executions, then the variables. */
  rows: readonly unknown[][];
}

/** Rows of a batch of variable writes, inserted together (see writeVariables). */
interface NewVariableRows {
  variables: EngineVariable[];
  histories: EngineHistoricVariableInstance[];
  details: EngineHistoricVariableUpdate[];
}

/**
 * Everything one command (one REST call) works with: its transaction, the time it runs at (read
 * once from the engine clock, so one command has one timestamp), loaded variables, and what to do
 * after commit (wake long-polling fetches for the topics it created tasks on).
 */
export class CommandContext {
  /** Topics of external tasks created by this command, announced after commit. */
  readonly createdTopics = new Set<string>();
  private readonly variablesByInstance = new Map<string, Map<string, Map<string, EngineVariable>>>();
  /** Identity map: one object per execution row, so revisions never go stale within a command. */
  private readonly executions = new Map<string, EngineExecution>();
  /**
   * Activity instances recorded in this command and not inserted yet: they go to the database as
   * one multi-row INSERT when the command flushes (Camunda's one flush per command), already in
   * their final state — an activity started and ended in one command is one INSERT, no UPDATE.
   */
  private readonly newActivityInstances = new Map<string, EngineHistoricActivityInstance>();
  /** Process instances whose root execution this command deleted (they ended). */
  private readonly endedInstances = new Set<string>();
  /** Variable events of this command per process instance: name → create/update/delete (conditional events). */
  readonly variableEvents = new Map<string, Map<string, Set<string>>>();
  /** Whether this command created jobs (the job executor looks again right after commit). */
  createdJobs = false;
  /** Automatic steps taken; bounded so a modelling loop cannot spin forever inside one call. */
  steps = 0;
  /** Process-instance modification/migration: listener expressions are not run in this command. */
  skipCustomListeners = false;
  /** Process-instance modification/migration: input/output mappings are not applied in this command. */
  skipIoMappings = false;

  constructor(
    readonly tx: EngineTx,
    readonly now: Date,
    readonly models: ModelCache,
    /** Whose authorizations this command checks; null = unchecked (engine-internal work). */
    readonly caller: Caller = null,
  ) {}

  async execution(id: string): Promise<EngineExecution | null> {
    const hit = this.executions.get(id);
    if (hit) return hit;
    const row = await this.tx.get(EngineExecution, id);
    if (row) this.executions.set(id, row);
    return row;
  }

  /**
   * Loads execution `id` and the runtime variables of its process instance in one round trip on
   * MariaDB (the two reads a command on a task does next), unless either is loaded already. On
   * MariaDB the `ahead` reads go in the same round trip, kept for the command's get or find of
   * exactly that read a moment later (EngineTx.findTogetherAhead): a completion's identity links,
   * incidents and activity instance.
   */
  async loadExecutionAndVariables(
    id: string,
    processInstanceId: string,
    ahead: readonly TableRead[] = [],
  ): Promise<void> {
    if (this.executions.has(id) || this.variablesByInstance.has(processInstanceId)) return;
    const [executions, variables] = (await this.tx.findTogetherAhead(
      [
        { entity: EngineExecution, where: { id } },
        { entity: EngineVariable, where: { processInstanceId } },
      ],
      ahead,
    )) as [EngineExecution[], EngineVariable[]];
    if (executions[0]) this.executions.set(id, executions[0]);
    this.variablesByInstance.set(processInstanceId, byScope(variables));
  }

  /**
   * A task's completion on MariaDB, when the store knows the task's keys (EngineTx.taskKeys): the
   * task row, its execution, its instance's variables and `ahead(keys)` — what ending it reads
   * next — all in the transaction's first round trip, each kept for exactly that read a moment
   * later (the get of the task, loadExecutionAndVariables): one round trip less per completion.
   * Should the task row name other keys (the hint is stale), the reads of the real ones go to the
   * database as without it. Nothing happens where the keys are not known (SQLite, a task this
   * process never saw).
   */
  async readCompletionAhead(
    kind: TaskKind,
    taskId: string,
    ahead: (keys: TaskKeysOf) => readonly TableRead[],
  ): Promise<void> {
    const keys = this.tx.taskKeys(kind, taskId);
    if (!keys || this.executions.has(keys.executionId)) return;
    if (this.variablesByInstance.has(keys.processInstanceId)) return;
    await this.tx.findTogetherAhead(
      [],
      [
        { entity: kind === 'task' ? EngineTask : EngineExternalTask, where: { id: taskId } },
        { entity: EngineExecution, where: { id: keys.executionId } },
        { entity: EngineVariable, where: { processInstanceId: keys.processInstanceId } },
        ...ahead(keys),
      ],
    );
  }

  /**
   * loadExecutionAndVariables for several tasks at once (a fetchAndLock that locked more than
   * one): two statements (one round trip on MariaDB) whatever their number, where one task at a
   * time costs two each — the tasks of a large fetch waited behind each other's reads.
   */
  async loadExecutionsAndVariables(
    tasks: readonly { executionId: string; processInstanceId: string }[],
  ): Promise<void> {
    const ids = new Set<string>();
    const instanceIds = new Set<string>();
    for (const t of tasks) {
      if (this.executions.has(t.executionId) || this.variablesByInstance.has(t.processInstanceId)) continue;
      ids.add(t.executionId);
      instanceIds.add(t.processInstanceId);
    }
    if (ids.size === 0) return;
    if (ids.size === 1 && instanceIds.size === 1)
      return this.loadExecutionAndVariables([...ids][0]!, [...instanceIds][0]!);
    const [executions, variables] = await this.tx.findTogether(
      { entity: EngineExecution, where: { id: [...ids] } },
      { entity: EngineVariable, where: { processInstanceId: [...instanceIds] } },
    );
    this.keepExecutions(executions);
    await this.readAncestors(executions);
    this.keepVariables(instanceIds, variables);
  }

  /**
   * A fetch's lock (EngineTx.findFetchableExternalTasks). On MariaDB, with the look's candidates,
   * what loadExecutionsAndVariables reads next goes in the lock's round trip, behind it: the
   * candidates' executions with their process instances' root executions, and their instances'
   * variables. Each statement runs after the lock as it would in a round trip of its own, so the
   * rows are what that read would find; they are kept only for the instances of the tasks that
   * lock locked (a candidate another fetch holds, skipped by SKIP LOCKED, has its rows dropped; a
   * task locked by a later lock reads its own), and a task whose execution moved since the look
   * (the task row the lock read names another) reads that execution as before. Elsewhere (SQLite)
   * the lock alone, as before.
   */
  async findFetchableExternalTasks(q: FetchableExternalTaskQuery): Promise<EngineExternalTask[]> {
    const along: { read?: ReadAlong } = {};
    const tasks = await this.tx.findFetchableExternalTasks(q, {
      reads: (batch) => {
        const keys = batch.map((c) => c.keys);
        if (!keys.every((k) => k !== undefined)) return [];
        const ids = [...new Set(keys.flatMap((k) => [k.executionId, k.processInstanceId]))];
        const instances = [...new Set(keys.map((k) => k.processInstanceId))];
        return [
          { entity: EngineExecution, where: { id: ids.length === 1 ? ids[0]! : ids } },
          {
            entity: EngineVariable,
            where: { processInstanceId: instances.length === 1 ? instances[0]! : instances },
          },
        ];
      },
      rows: (batch, rows) => {
        along.read = { batch, rows };
      },
    });
    if (along.read) await this.keepReadAlong(tasks, along.read);
    return tasks;
  }

  /**
   * The rows a fetch read along with the lock of a batch of candidates that belong to the
   * instances of the tasks that lock locked (a task locked by a later lock, alone, reads its own).
   */
  private async keepReadAlong(tasks: readonly EngineExternalTask[], along: ReadAlong): Promise<void> {
    const read = new Map(along.batch.map((c) => [c.id, c.keys?.processInstanceId]));
    const instances = new Set<string>();
    for (const t of tasks)
      if (read.get(t.id) === t.processInstanceId && !this.variablesByInstance.has(t.processInstanceId))
        instances.add(t.processInstanceId);
    if (instances.size === 0) return;
    const [executions, variables] = along.rows as [EngineExecution[], EngineVariable[]];
    const kept = executions.filter((e) => instances.has(e.processInstanceId));
    this.keepExecutions(kept);
    await this.readAncestors(kept);
    this.keepVariables(instances, variables);
  }

  /**
   * The ancestors of `executions` up to their process instances, one level per statement, unless
   * held already: the scope chain each task's variables are read through (scopeChain) would read
   * the same rows one by one.
   */
  private async readAncestors(executions: readonly EngineExecution[]): Promise<void> {
    let level = executions;
    for (;;) {
      const parents = new Set<string>();
      for (const e of level) if (e.parentId && !this.executions.has(e.parentId)) parents.add(e.parentId);
      if (parents.size === 0) break;
      level = await this.tx.find(EngineExecution, { id: [...parents] });
      if (level.length === 0) break;
      this.keepExecutions(level);
    }
  }

  /** Every runtime variable of `instances`, read in one statement (`variables`), as loaded. */
  private keepVariables(instances: ReadonlySet<string>, variables: readonly EngineVariable[]): void {
    const perInstance = new Map<string, EngineVariable[]>([...instances].map((pi) => [pi, []]));
    for (const v of variables) perInstance.get(v.processInstanceId)?.push(v);
    for (const [pi, rows] of perInstance) this.variablesByInstance.set(pi, byScope(rows));
  }

  /** Rows read from the database, unless the identity map holds them already. */
  private keepExecutions(rows: readonly EngineExecution[]): void {
    for (const e of rows) if (!this.executions.has(e.id)) this.executions.set(e.id, e);
  }

  /** Executions matching `where`, through the identity map. */
  async findExecutions(where: Where<EngineExecution>): Promise<EngineExecution[]> {
    const rows = await this.tx.find(EngineExecution, where, { order: { id: 'ASC' } });
    return rows.map((r) => {
      const hit = this.executions.get(r.id);
      if (hit) return hit;
      this.executions.set(r.id, r);
      return r;
    });
  }

  async insertExecution(row: EngineExecution): Promise<void> {
    await this.tx.insert(EngineExecution, row);
    this.executions.set(row.id, row);
    // A process instance inserted now is new (its id too): it has no variables to read back.
    if (row.isProcessInstance && !this.variablesByInstance.has(row.id))
      this.variablesByInstance.set(row.id, new Map());
  }

  async saveExecution(row: EngineExecution): Promise<void> {
    await this.tx.update(EngineExecution, row);
  }

  async deleteExecution(row: EngineExecution): Promise<void> {
    await this.tx.remove(EngineExecution, row);
    this.executions.delete(row.id);
    if (row.isProcessInstance) this.endedInstances.add(row.id);
  }

  /**
   * What this command knows of a process instance without asking the database: `ended` (its
   * root execution was deleted in this command), the definition it runs (from an execution of it
   * already read or written), or nothing.
   */
  knownInstance(processInstanceId: string): { ended: true } | { ended: false; definitionId: string } | null {
    if (this.endedInstances.has(processInstanceId)) return { ended: true };
    for (const e of this.executions.values())
      if (e.processInstanceId === processInstanceId)
        return { ended: false, definitionId: e.processDefinitionId };
    return null;
  }

  /** A started activity instance is recorded (inserted at the command's flush). */
  recordActivityInstance(inst: EngineHistoricActivityInstance): void {
    this.newActivityInstances.set(inst.id, inst);
  }

  /** Stores what changed on a recorded activity instance (nothing to send before its INSERT). */
  async updateActivityInstance(inst: EngineHistoricActivityInstance): Promise<void> {
    if (this.newActivityInstances.get(inst.id) === inst) return;
    await this.tx.update(EngineHistoricActivityInstance, inst);
  }

  /** The recorded activity instance with this id: the one of this command, else the stored row. */
  async activityInstance(id: string): Promise<EngineHistoricActivityInstance | null> {
    return this.newActivityInstances.get(id) ?? (await this.tx.get(EngineHistoricActivityInstance, id));
  }

  /**
   * Writes what the command kept back (the activity instances it recorded). Called at the end of
   * the command, and before anything queries `eng_hi_actinst` by other than id in it.
   */
  async flush(): Promise<void> {
    if (this.newActivityInstances.size === 0) return;
    const rows = [...this.newActivityInstances.values()];
    this.newActivityInstances.clear();
    await this.tx.insertMany(EngineHistoricActivityInstance, rows);
  }

  /** Every runtime variable of the instance by scope execution id (loaded once per command). */
  private async scopes(processInstanceId: string): Promise<Map<string, Map<string, EngineVariable>>> {
    let scopes = this.variablesByInstance.get(processInstanceId);
    if (!scopes) {
      scopes = byScope(await this.tx.find(EngineVariable, { processInstanceId }));
      this.variablesByInstance.set(processInstanceId, scopes);
    }
    return scopes;
  }

  /** The process instance's own variables (its root scope). */
  async variables(processInstanceId: string): Promise<Map<string, EngineVariable>> {
    const scopes = await this.scopes(processInstanceId);
    return scopes.get(processInstanceId) ?? scopes.set(processInstanceId, new Map()).get(processInstanceId)!;
  }

  /**
   * The scope executions whose variables `exec` sees, nearest first, ending at the process
   * instance: a concurrent token sees its parent scope's; a subprocess or activity scope, then
   * the scopes around the execution that entered it.
   */
  async scopeChain(exec: EngineExecution): Promise<EngineExecution[]> {
    const chain: EngineExecution[] = [];
    let scope: EngineExecution | null = exec.isConcurrent ? await this.execution(exec.parentId!) : exec;
    while (scope) {
      chain.push(scope);
      if (scope.isProcessInstance || !scope.parentId) break;
      const parent: EngineExecution | null = await this.execution(scope.parentId);
      scope = parent && parent.isConcurrent ? await this.execution(parent.parentId!) : parent;
    }
    return chain;
  }

  /**
   * A resolver for expressions: from an execution, the variables of its scope chain (nearest
   * wins); from a process instance id, that instance's own variables.
   */
  async resolver(
    from: string | EngineExecution,
    /** Listener expressions: where `execution.setVariable(…)` calls are collected. */
    writes?: ExecutionFacade['writes'],
    /** Task listener expressions: the task, as `task`. */
    task?: TaskFacade,
  ): Promise<Resolver> {
    const pi = typeof from === 'string' ? from : from.processInstanceId;
    const scopes = await this.scopes(pi);
    const chain = typeof from === 'string' ? [pi] : (await this.scopeChain(from)).map((e) => e.id);
    // A task's listeners see its own variables first.
    if (task) chain.unshift(taskScope(task.id));
    const now = this.now;
    const root = typeof from === 'string' ? null : await this.execution(pi);
    const execution: ExecutionFacade | null =
      typeof from === 'string'
        ? null
        : {
            __execution: true,
            id: from.id,
            processInstanceId: from.processInstanceId,
            processDefinitionId: from.processDefinitionId,
            activityId: from.activityId,
            businessKey: root?.businessKey ?? null,
            ...(writes ? { writes } : {}),
          };
    return (name) => {
      for (const id of chain) {
        const v = scopes.get(id)?.get(name);
        if (v)
          return { found: true, value: toJs({ type: v.type as StoredValue['type'], text: v.textValue }) };
      }
      // Not variables: the command's time (now(), dateTime()) and the execution itself.
      if (name === NOW) return { found: true, value: now };
      if (name === 'execution' && execution) return { found: true, value: execution };
      if (name === 'task' && task) return { found: true, value: task };
      return { found: false };
    };
  }

  /** The variables of one scope execution only (Camunda's local variables). */
  async localVariables(scope: EngineExecution): Promise<Map<string, EngineVariable>> {
    return (await this.scopes(scope.processInstanceId)).get(scope.id) ?? new Map();
  }

  /** A task's own (local) variables. */
  async taskVariables(task: EngineTask): Promise<Map<string, EngineVariable>> {
    return (await this.scopes(task.processInstanceId)).get(taskScope(task.id)) ?? new Map();
  }

  /** What a task sees: its own variables, then those of its execution's scope chain. */
  async taskVisibleVariables(task: EngineTask, exec: EngineExecution): Promise<Map<string, EngineVariable>> {
    const out = new Map(await this.taskVariables(task));
    for (const [name, v] of await this.visibleVariables(exec)) if (!out.has(name)) out.set(name, v);
    return out;
  }

  /** What `exec` sees: the variables of its scope chain, the nearest scope winning a name. */
  async visibleVariables(exec: EngineExecution): Promise<Map<string, EngineVariable>> {
    const scopes = await this.scopes(exec.processInstanceId);
    const out = new Map<string, EngineVariable>();
    for (const scope of await this.scopeChain(exec))
      for (const [name, v] of scopes.get(scope.id) ?? []) if (!out.has(name)) out.set(name, v);
    return out;
  }

  /**
   * Camunda's setVariable: each name is written where it already exists up the scope chain of
   * `exec`, else created on the process instance. History is written in the same transaction:
   * the historic variable instance and one detail row per update.
   */
  async setVariables(
    exec: EngineExecution,
    values: ReadonlyMap<string, StoredValue>,
    at: { activityInstanceId: string | null; taskId?: string | null },
  ): Promise<void> {
    if (values.size === 0) return;
    const scopes = await this.scopes(exec.processInstanceId);
    const chain = exec.isProcessInstance ? [exec] : await this.scopeChain(exec);
    await this.writeVariables(
      [...values].map(([name, value]) => {
        const owner = chain.find((s) => scopes.get(s.id)?.has(name)) ?? chain[chain.length - 1]!;
        return { owner: { execution: owner, taskId: null }, name, value, at };
      }),
    );
  }

  /**
   * A task's setVariable: a name the task holds itself is updated there; any other is written as
   * setVariables does from the task's execution.
   */
  async setTaskVariables(
    task: EngineTask,
    exec: EngineExecution,
    values: ReadonlyMap<string, StoredValue>,
  ): Promise<void> {
    const own = await this.taskVariables(task);
    const at = { activityInstanceId: task.activityInstanceId, taskId: task.id };
    const elsewhere = new Map<string, StoredValue>();
    const here: VariableWrite[] = [];
    for (const [name, value] of values) {
      if (own.has(name)) here.push({ owner: { execution: exec, taskId: task.id }, name, value, at });
      else elsewhere.set(name, value);
    }
    await this.writeVariables(here);
    await this.setVariables(exec, elsewhere, at);
  }

  /** A task's setVariableLocal: on the task itself, never on its execution. */
  async setTaskLocalVariables(
    task: EngineTask,
    exec: EngineExecution,
    values: ReadonlyMap<string, StoredValue>,
  ): Promise<void> {
    const at = { activityInstanceId: task.activityInstanceId, taskId: task.id };
    await this.writeVariables(
      [...values].map(([name, value]) => ({ owner: { execution: exec, taskId: task.id }, name, value, at })),
    );
  }

  /** Removes a task's own variable; its history stays, marked DELETED. False when it had none. */
  async deleteTaskVariable(task: EngineTask, name: string): Promise<boolean> {
    const own = await this.taskVariables(task);
    const v = own.get(name);
    if (!v) return false;
    this.noteVariableEvent(task.processInstanceId, name, 'delete');
    await this.tx.remove(EngineVariable, v);
    own.delete(name);
    await this.markHistoryDeleted(v);
    return true;
  }

  /**
   * A task ends (completed, cancelled, deleted): the row goes with its identity links and its own
   * variables (history keeps them).
   */
  async removeTask(task: EngineTask): Promise<void> {
    await this.tx.remove(EngineTask, task);
    await this.tx.removeWhere(EngineIdentityLink, { taskId: task.id });
    const scopes = await this.scopes(task.processInstanceId);
    const own = scopes.get(taskScope(task.id));
    if (own?.size) {
      await this.removeVariableRows(own.values());
      scopes.delete(taskScope(task.id));
    }
  }

  /** Camunda's setVariableLocal: on this scope execution, whatever its parents hold. */
  async setLocalVariables(
    scope: EngineExecution,
    values: ReadonlyMap<string, StoredValue>,
    at: { activityInstanceId: string | null },
  ): Promise<void> {
    await this.writeVariables(
      [...values].map(([name, value]) => ({ owner: { execution: scope, taskId: null }, name, value, at })),
    );
  }

  /**
   * Writes several variables; the rows of new variables and every detail row go to the database as
   * one multi-row INSERT per table (a start with six variables sent 18 INSERTs before, issue 17).
   */
  private async writeVariables(writes: VariableWrite[]): Promise<void> {
    const rows: NewVariableRows = { variables: [], histories: [], details: [] };
    for (const w of writes) await this.writeVariable(w, rows);
    if (rows.variables.length) await this.tx.insertMany(EngineVariable, rows.variables);
    if (rows.histories.length) await this.tx.insertMany(EngineHistoricVariableInstance, rows.histories);
    if (rows.details.length) await this.tx.insertMany(EngineHistoricVariableUpdate, rows.details);
  }

  /** Updates an existing variable at once; a new one's rows and the detail go into `rows`. */
  private async writeVariable(
    { owner, name, value, at }: VariableWrite,
    rows: NewVariableRows,
  ): Promise<void> {
    const scope = owner.execution;
    const key = owner.taskId ? taskScope(owner.taskId) : scope.id;
    const scopes = await this.scopes(scope.processInstanceId);
    const vars = scopes.get(key) ?? scopes.set(key, new Map()).get(key)!;
    const existing = vars.get(name);
    this.noteVariableEvent(scope.processInstanceId, name, existing ? 'update' : 'create');
    await storePendingContent(this.tx, value); // File/Bytes bytes, in this transaction
    let revision: number;
    let variableId: string;
    if (existing) {
      existing.type = value.type;
      existing.textValue = value.text;
      await this.tx.update(EngineVariable, existing);
      const hist = await this.tx.get(EngineHistoricVariableInstance, existing.id);
      if (hist) {
        hist.type = value.type;
        hist.textValue = value.text;
        await this.tx.update(EngineHistoricVariableInstance, hist);
      }
      revision = existing.rev;
      variableId = existing.id;
    } else {
      const row: EngineVariable = {
        id: newId(),
        rev: 1,
        name,
        type: value.type,
        textValue: value.text,
        executionId: scope.id,
        processInstanceId: scope.processInstanceId,
        taskId: owner.taskId,
      };
      rows.variables.push(row);
      vars.set(name, row);
      rows.histories.push({
        id: row.id,
        rev: 1,
        name,
        type: value.type,
        textValue: value.text,
        processInstanceId: scope.processInstanceId,
        processDefinitionId: scope.processDefinitionId,
        processDefinitionKey: scope.processDefinitionKey,
        executionId: scope.id,
        activityInstanceId: scope.isProcessInstance
          ? scope.processInstanceId
          : (at.activityInstanceId ?? scope.processInstanceId),
        taskId: owner.taskId,
        createTime: this.now,
        state: 'CREATED',
        tenantId: scope.tenantId,
      });
      revision = 1;
      variableId = row.id;
    }
    rows.details.push({
      id: newId(),
      variableInstanceId: variableId,
      name,
      type: value.type,
      textValue: value.text,
      processInstanceId: scope.processInstanceId,
      executionId: scope.id,
      activityInstanceId: at.activityInstanceId,
      taskId: at.taskId ?? null,
      time: this.now,
      revision,
    });
  }

  private noteVariableEvent(processInstanceId: string, name: string, event: string): void {
    const byName =
      this.variableEvents.get(processInstanceId) ??
      this.variableEvents.set(processInstanceId, new Map()).get(processInstanceId)!;
    (byName.get(name) ?? byName.set(name, new Set()).get(name)!).add(event);
  }

  /** A scope ends: its local variables go (history keeps them). */
  async deleteScopeVariables(scope: EngineExecution): Promise<void> {
    const scopes = await this.scopes(scope.processInstanceId);
    const own = scopes.get(scope.id);
    if (!own?.size) return;
    await this.removeVariableRows(own.values());
    scopes.delete(scope.id);
  }

  /** Removes a runtime variable; its history stays, marked DELETED. False when it did not exist. */
  async deleteVariable(processInstanceId: string, name: string): Promise<boolean> {
    const vars = await this.variables(processInstanceId);
    const v = vars.get(name);
    if (!v) return false;
    this.noteVariableEvent(processInstanceId, name, 'delete');
    await this.tx.remove(EngineVariable, v);
    vars.delete(name);
    await this.markHistoryDeleted(v);
    return true;
  }

  private async markHistoryDeleted(v: EngineVariable): Promise<void> {
    const hist = await this.tx.get(EngineHistoricVariableInstance, v.id);
    if (hist) {
      hist.state = 'DELETED';
      await this.tx.update(EngineHistoricVariableInstance, hist);
    }
  }

  /** Runtime variables go when their instance ends; history keeps them. */
  async deleteRuntimeVariables(processInstanceId: string): Promise<void> {
    const scopes = await this.scopes(processInstanceId);
    await this.removeVariableRows([...scopes.values()].flatMap((scope) => [...scope.values()]));
    this.variablesByInstance.delete(processInstanceId);
  }

  /**
   * Deletes variable rows by primary key (the rows this command has loaded), as Camunda deletes
   * its entities: a DELETE by instance, scope or task id could lock other instances' rows on
   * MariaDB, and two unrelated instances ending at once deadlocked (the bench harness found it).
   */
  private async removeVariableRows(rows: Iterable<EngineVariable>): Promise<void> {
    await this.tx.removeByIds(
      EngineVariable,
      [...rows].map((v) => v.id),
    );
  }
}

/** An instance's runtime variables by scope (execution id, or a task's scope key), then by name. */
function byScope(rows: readonly EngineVariable[]): Map<string, Map<string, EngineVariable>> {
  const scopes = new Map<string, Map<string, EngineVariable>>();
  for (const r of rows) {
    const key = r.taskId ? taskScope(r.taskId) : r.executionId;
    const scope = scopes.get(key) ?? scopes.set(key, new Map()).get(key)!;
    scope.set(r.name, r);
  }
  return scopes;
}
