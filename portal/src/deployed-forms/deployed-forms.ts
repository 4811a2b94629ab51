import { parseFormSchema, type FormSchema } from '@motcua/forms';
import { EngineError, type EngineClient, type EngineTask } from '../engine/engine-client.js';

/** The application form of the version an application starts, and that version's id. */
export interface DeployedStartForm {
  /** The process definition the form belongs to: start exactly this one. */
  definitionId: string;
  definitionVersion: number;
  schema: FormSchema;
}

export interface DeployedFormsOptions {
  /** Most entries kept per cache (start forms, task forms, deployment forms). Default 500. */
  maxEntries?: number;
}

/**
 * The forms the engine deployed with each process version, as the portal renders and validates
 * them: the application form from `GET /process-definition/{id}/deployed-start-form` of the latest
 * version of a key, a task's form from `GET /task/{id}/deployed-form`. Every procedure links its
 * forms with `camunda:formRef` bound `deployment`, so a definition's forms never change: they are
 * cached per definition id (and per definition id + task definition key for tasks), and a newly
 * deployed version is a new id — it shows at once, without a restart, while a task of an instance
 * on version 1 keeps version 1's form. Only the latest-version look-up goes to the engine each time.
 */
export class DeployedForms {
  private readonly startForms: BoundedCache<FormSchema | null>;
  private readonly taskForms: BoundedCache<FormSchema | null>;
  private readonly deploymentForms: BoundedCache<Map<string, FormSchema>>;

  constructor(
    private readonly engine: EngineClient,
    options: DeployedFormsOptions = {},
  ) {
    const max = options.maxEntries ?? 500;
    this.startForms = new BoundedCache(max);
    this.taskForms = new BoundedCache(max);
    this.deploymentForms = new BoundedCache(max);
  }

  /**
   * The latest deployed version of `key` and its application form; null when the key is not
   * deployed or its start event links no deployed form.
   */
  async latestStartForm(key: string): Promise<DeployedStartForm | null> {
    const definition = await orNullOn404(() => this.engine.latestDefinition(key));
    if (!definition) return null;
    const schema = await this.startFormOf(definition.id);
    return schema ? { definitionId: definition.id, definitionVersion: definition.version, schema } : null;
  }

  /** The application form of one definition (a dossier's own version); null when it has none. */
  startFormOf(definitionId: string): Promise<FormSchema | null> {
    return this.startForms.getOrLoad(definitionId, async () => {
      const json = await orNullOn404(() => this.engine.deployedStartForm(definitionId));
      return json === null ? null : parseFormSchema(json);
    });
  }

  /** The application form of the version a process instance runs (after a migration: the new one). */
  async startFormOfInstance(processInstanceId: string): Promise<FormSchema | null> {
    const instance = await orNullOn404(() => this.engine.historicProcessInstance(processInstanceId));
    return instance ? this.startFormOf(instance.processDefinitionId) : null;
  }

  /** The deployed form of a user task; null when the task links none. */
  taskForm(
    task: Pick<EngineTask, 'id' | 'processDefinitionId' | 'taskDefinitionKey'>,
  ): Promise<FormSchema | null> {
    // A 404 may also mean the task is gone (completed meanwhile): a null is never kept.
    return this.taskForms.getOrLoad(
      `${task.processDefinitionId}\n${task.taskDefinitionKey}`,
      async () => {
        const json = await orNullOn404(() => this.engine.deployedTaskForm(task.id));
        return json === null ? null : parseFormSchema(json);
      },
      { keep: (form) => form !== null },
    );
  }

  /**
   * A form deployed with a definition but linked from no element (e.g. `<key>-supplement`, the
   * applicant's answer to a supplement request), by its form id; null when that deployment has none.
   */
  async deploymentForm(definitionId: string, formId: string): Promise<FormSchema | null> {
    const forms = await this.deploymentForms.getOrLoad(definitionId, async () => {
      const definition = await this.engine.definition(definitionId);
      const resources = await this.engine.deploymentResources(definition.deploymentId);
      const byId = new Map<string, FormSchema>();
      for (const r of resources.filter((x) => x.name.endsWith('.form'))) {
        const text = await this.engine.deploymentResourceText(definition.deploymentId, r.id);
        try {
          const schema = parseFormSchema(JSON.parse(text));
          byId.set(schema.id, schema);
        } catch {
          // Not a form-js document: no form of ours, skip it.
        }
      }
      return byId;
    });
    return forms.get(formId) ?? null;
  }
}

async function orNullOn404<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof EngineError && err.status === 404) return null;
    throw err;
  }
}

/**
 * A small cache with a bound on its size (oldest entry out first). A load in progress is shared by
 * concurrent callers; a failed load is not kept, so the next call asks the engine again.
 */
class BoundedCache<V> {
  private readonly entries = new Map<string, Promise<V>>();

  constructor(private readonly max: number) {}

  getOrLoad(key: string, load: () => Promise<V>, o: { keep?: (value: V) => boolean } = {}): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) return hit;
    const loading = load();
    this.entries.set(key, loading);
    loading.then(
      (value) => {
        if (o.keep && !o.keep(value) && this.entries.get(key) === loading) this.entries.delete(key);
      },
      () => this.entries.delete(key),
    );
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return loading;
  }
}
