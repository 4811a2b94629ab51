import { ConflictError, ForbiddenError, NotFoundError, type Logger } from '@motcua/domain';
import type { AuditStore, Dossier, DossierStore, PortalUser, PortalUserStore } from '@motcua/db/portal';
import { validateSubmission } from '@motcua/forms';
import type { FormSchema } from '@motcua/forms';
import type { Catalogue, CatalogueEntry } from '../catalogue/catalogue.js';
import type { DeployedForms } from '../deployed-forms/deployed-forms.js';
import { EngineError, type EngineClient, type EngineTask } from '../engine/engine-client.js';
import { toTypedVariables } from '../engine/typed-variables.js';
import { decideTaskAccess, type TaskAction } from '../auth/task-access.js';
import { SubmissionInvalidError } from '../dossiers/dossier-service.js';
import { missingReasons } from '../officer/decision-reasons.js';

export interface InboxItem {
  task: EngineTask;
  dossier: Dossier | null;
  procedure: CatalogueEntry | null;
  /** The assignee's display name, when the task is claimed. */
  assigneeName: string | null;
}

/** One page of the inbox and how many tasks there are in all. */
export interface InboxPage {
  items: InboxItem[];
  total: number;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** Tasks per inbox page. */
export const INBOX_PAGE_SIZE = 50;

export interface OpenedTask extends InboxItem {
  form: FormSchema | null;
  /** The user's own candidate groups the engine offers this task to. */
  offeredToActorGroups: boolean;
}

const REASON_VI: Record<string, string> = {
  'not-staff': 'Chỉ cán bộ, lãnh đạo mới xử lý được công việc.',
  'not-candidate': 'Công việc này không thuộc nhóm xử lý của bạn.',
  'claimed-by-other': 'Công việc này đã được một cán bộ khác nhận xử lý.',
  'not-assignee': 'Bạn không phải người đang xử lý công việc này.',
};

export interface InboxServiceDeps {
  engine: EngineClient;
  dossiers: DossierStore;
  users: PortalUserStore;
  audit: AuditStore;
  catalogue: Catalogue;
  /** The task's form as deployed with its process version (`GET /task/{id}/deployed-form`). */
  forms: DeployedForms;
  logger: Logger;
}

/** The officer inbox: tasks offered to the user's groups or assigned to the user, and actions on them. */
export class InboxService {
  constructor(private readonly deps: InboxServiceDeps) {}

  /**
   * One page of the tasks assigned to the user or offered, unassigned, to one of the user's
   * groups, oldest first: one query and one count, filtered, sorted and paged by the engine (an
   * officer's unit may hold tens of thousands of open tasks).
   */
  async list(user: PortalUser, page = 1): Promise<InboxPage> {
    const { engine } = this.deps;
    const mine = { assignee: user.id, ...(user.groups.length ? { candidateGroups: user.groups } : {}) };
    const query = {
      orQueries: [mine],
      sorting: [{ sortBy: 'created' as const, sortOrder: 'asc' as const }],
    };
    const pageSize = INBOX_PAGE_SIZE;
    const [tasks, total] = await Promise.all([
      engine.queryTasks(query, { firstResult: (page - 1) * pageSize, maxResults: pageSize }),
      engine.countTasks({ orQueries: query.orQueries }),
    ]);
    return { items: await this.withDossiers(tasks), total, page, pageSize };
  }

  private async withDossiers(tasks: EngineTask[]): Promise<InboxItem[]> {
    const [dossiers, names] = await Promise.all([
      this.deps.dossiers.findByProcessInstanceIds([...new Set(tasks.map((t) => t.processInstanceId))]),
      this.deps.users.displayNames([...new Set(tasks.flatMap((t) => (t.assignee ? [t.assignee] : [])))]),
    ]);
    const byPi = new Map(dossiers.map((d) => [d.processInstanceId, d]));
    return tasks.map((task) => {
      const dossier = byPi.get(task.processInstanceId) ?? null;
      return {
        task,
        dossier,
        procedure: dossier ? (this.deps.catalogue.get(dossier.procedureKey) ?? null) : null,
        assigneeName: task.assignee ? (names.get(task.assignee) ?? task.assignee) : null,
      };
    });
  }

  /** Whether the engine lists this task for one of the user's groups (assigned or not). */
  private async offeredToGroups(user: PortalUser, task: EngineTask): Promise<boolean> {
    for (const g of user.groups) {
      const tasks = await this.deps.engine.tasks({
        candidateGroup: g,
        processInstanceId: task.processInstanceId,
        includeAssignedTasks: 'true',
      });
      if (tasks.some((t) => t.id === task.id)) return true;
    }
    return false;
  }

  private async engineTask(id: string): Promise<EngineTask> {
    try {
      return await this.deps.engine.task(id);
    } catch (err) {
      if (err instanceof EngineError && err.status === 404)
        throw new NotFoundError(`Task ${id} does not exist`);
      throw err;
    }
  }

  /**
   * Loads the task from the engine and checks the action against the engine's facts. A denial is
   * audited and thrown as ForbiddenError (or ConflictError when a colleague holds the task).
   */
  async authorize(
    user: PortalUser,
    taskId: string,
    action: TaskAction,
    ip: string | null,
  ): Promise<OpenedTask> {
    const task = await this.engineTask(taskId);
    const offered = await this.offeredToGroups(user, task);
    const decision = decideTaskAccess(
      user,
      { assignee: task.assignee, offeredToActorGroups: offered },
      action,
    );
    if (!decision.allowed) {
      await this.deps.audit.append({
        actor: user.id,
        action: 'access.denied',
        target: `task:${taskId}`,
        detail: { action, reason: decision.reason },
        ip,
      });
      const message = REASON_VI[decision.reason]!;
      throw decision.reason === 'claimed-by-other' ? new ConflictError(message) : new ForbiddenError(message);
    }
    const [item] = await this.withDossiers([task]);
    // The form deployed with the task's own process version: a task of an instance on version 1
    // keeps version 1's form after a version 2 is deployed.
    const form = await this.deps.forms.taskForm(task);
    return { ...item!, form, offeredToActorGroups: offered };
  }

  async claim(user: PortalUser, taskId: string, ip: string | null): Promise<void> {
    const t = await this.authorize(user, taskId, 'claim', ip);
    if (t.task.assignee !== user.id) await this.deps.engine.claim(taskId, user.id);
    await this.deps.audit.append({
      actor: user.id,
      action: 'task.claim',
      target: `task:${taskId}`,
      detail: this.taskDetail(t),
      ip,
    });
  }

  async unclaim(user: PortalUser, taskId: string, ip: string | null): Promise<void> {
    const t = await this.authorize(user, taskId, 'unclaim', ip);
    await this.deps.engine.unclaim(taskId);
    await this.deps.audit.append({
      actor: user.id,
      action: 'task.unclaim',
      target: `task:${taskId}`,
      detail: this.taskDetail(t),
      ip,
    });
  }

  /** Validates the decision against the task's form and completes the task in the engine. */
  async complete(user: PortalUser, taskId: string, data: unknown, ip: string | null): Promise<OpenedTask> {
    const t = await this.authorize(user, taskId, 'complete', ip);
    if (!t.form) throw new NotFoundError(`No form for task ${taskId} (${t.task.taskDefinitionKey})`);
    const result = validateSubmission(t.form, data);
    // A negative decision without its reason is refused here, whatever the browser let through.
    const missing = result.valid ? missingReasons(t.task.taskDefinitionKey, result.values, t.form) : [];
    if (!result.valid || missing.length) {
      await this.deps.audit.append({
        actor: user.id,
        action: 'task.complete-rejected',
        target: `task:${taskId}`,
        detail: { ...this.taskDetail(t), fields: [...result.errors, ...missing].map((e) => e.field) },
        ip,
      });
      throw new SubmissionInvalidError([...result.errors, ...missing]);
    }
    if (t.task.assignee !== user.id) await this.deps.engine.claim(taskId, user.id);
    await this.deps.engine.complete(taskId, toTypedVariables(result.values));
    await this.deps.audit.append({
      actor: user.id,
      action: 'task.complete',
      target: `task:${taskId}`,
      detail: { ...this.taskDetail(t), decision: summarise(result.values) },
      ip,
    });
    this.deps.logger.info(
      {
        processInstanceId: t.task.processInstanceId,
        activityId: t.task.taskDefinitionKey,
        dossierCode: t.dossier?.dossierCode ?? undefined,
      },
      'task completed',
    );
    return t;
  }

  private taskDetail(t: InboxItem): Record<string, unknown> {
    return {
      taskDefinitionKey: t.task.taskDefinitionKey,
      processInstanceId: t.task.processInstanceId,
      dossierId: t.dossier?.id ?? null,
    };
  }
}

/** The decision values for the audit trail: booleans, numbers and short strings, long text cut. */
function summarise(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values))
    out[k] = typeof v === 'string' && v.length > 100 ? `${v.slice(0, 100)}…` : v;
  return out;
}
