import {
  EngineExecution,
  EngineHistoricVariableInstance,
  EngineHistoricVariableUpdate,
  EngineVariable,
  type EngineTx,
  type Where,
} from '@motcua/db';
import type { Resolver } from '../expressions/index.js';
import { toJs, type StoredValue } from '../variables/typed-value.js';
import type { ModelCache } from './model-cache.js';
import { newId } from './ids.js';

/**
 * Everything one command (one REST call) works with: its transaction, the time it runs at (read
 * once from the engine clock, so one command has one timestamp), loaded variables, and what to do
 * after commit (wake long-polling fetches for the topics it created tasks on).
 */
export class CommandContext {
  /** Topics of external tasks created by this command, announced after commit. */
  readonly createdTopics = new Set<string>();
  private readonly variablesByInstance = new Map<string, Map<string, EngineVariable>>();
  /** Identity map: one object per execution row, so revisions never go stale within a command. */
  private readonly executions = new Map<string, EngineExecution>();
  /** Whether this command created jobs (the job executor looks again right after commit). */
  createdJobs = false;
  /** Automatic steps taken; bounded so a modelling loop cannot spin forever inside one call. */
  steps = 0;

  constructor(
    readonly tx: EngineTx,
    readonly now: Date,
    readonly models: ModelCache,
  ) {}

  async execution(id: string): Promise<EngineExecution | null> {
    const hit = this.executions.get(id);
    if (hit) return hit;
    const row = await this.tx.get(EngineExecution, id);
    if (row) this.executions.set(id, row);
    return row;
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
  }

  async saveExecution(row: EngineExecution): Promise<void> {
    await this.tx.update(EngineExecution, row);
  }

  async deleteExecution(row: EngineExecution): Promise<void> {
    await this.tx.remove(EngineExecution, row);
    this.executions.delete(row.id);
  }

  /** The process instance's variables (loaded once per command). */
  async variables(processInstanceId: string): Promise<Map<string, EngineVariable>> {
    let vars = this.variablesByInstance.get(processInstanceId);
    if (!vars) {
      const rows = await this.tx.find(EngineVariable, { processInstanceId });
      vars = new Map(rows.map((r) => [r.name, r]));
      this.variablesByInstance.set(processInstanceId, vars);
    }
    return vars;
  }

  /** A resolver for expressions over the instance's variables; call `variables()` first. */
  async resolver(processInstanceId: string): Promise<Resolver> {
    const vars = await this.variables(processInstanceId);
    return (name) => {
      const v = vars.get(name);
      return v
        ? { found: true, value: toJs({ type: v.type as StoredValue['type'], text: v.textValue }) }
        : { found: false };
    };
  }

  /**
   * Sets variables on the process instance scope (the skeleton keeps every variable there; the
   * schema already has the execution column for local scopes), writing history in the same
   * transaction: the historic variable instance and one detail row per update.
   */
  async setVariables(
    exec: EngineExecution,
    values: ReadonlyMap<string, StoredValue>,
    at: { activityInstanceId: string | null; taskId?: string | null },
  ): Promise<void> {
    if (values.size === 0) return;
    const vars = await this.variables(exec.processInstanceId);
    for (const [name, value] of values) {
      const existing = vars.get(name);
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
          executionId: exec.processInstanceId,
          processInstanceId: exec.processInstanceId,
          taskId: null,
        };
        await this.tx.insert(EngineVariable, row);
        vars.set(name, row);
        await this.tx.insert(EngineHistoricVariableInstance, {
          id: row.id,
          rev: 1,
          name,
          type: value.type,
          textValue: value.text,
          processInstanceId: exec.processInstanceId,
          processDefinitionId: exec.processDefinitionId,
          processDefinitionKey: exec.processDefinitionKey,
          executionId: row.executionId,
          activityInstanceId: exec.processInstanceId,
          taskId: null,
          createTime: this.now,
          state: 'CREATED',
          tenantId: exec.tenantId,
        });
        revision = 1;
        variableId = row.id;
      }
      await this.tx.insert(EngineHistoricVariableUpdate, {
        id: newId(),
        variableInstanceId: variableId,
        name,
        type: value.type,
        textValue: value.text,
        processInstanceId: exec.processInstanceId,
        executionId: exec.processInstanceId,
        activityInstanceId: at.activityInstanceId,
        taskId: at.taskId ?? null,
        time: this.now,
        revision,
      });
    }
  }

  /** Removes a runtime variable; its history stays, marked DELETED. False when it did not exist. */
  async deleteVariable(processInstanceId: string, name: string): Promise<boolean> {
    const vars = await this.variables(processInstanceId);
    const v = vars.get(name);
    if (!v) return false;
    await this.tx.remove(EngineVariable, v);
    vars.delete(name);
    const hist = await this.tx.get(EngineHistoricVariableInstance, v.id);
    if (hist) {
      hist.state = 'DELETED';
      await this.tx.update(EngineHistoricVariableInstance, hist);
    }
    return true;
  }

  /** Runtime variables go when their instance ends; history keeps them. */
  async deleteRuntimeVariables(processInstanceId: string): Promise<void> {
    await this.tx.removeWhere(EngineVariable, { processInstanceId });
    this.variablesByInstance.delete(processInstanceId);
  }
}
