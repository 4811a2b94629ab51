import type { NotificationOutboxStore, NotificationPreferenceStore } from '@motcua/db/workers';
import { formatCamundaDate, vietnamDate, type Logger } from '@motcua/domain';
import type {
  HistoricProcessInstanceDto,
  HistoricVariableInstanceDto,
  IdentityLinkDto,
  TaskDto,
} from '@motcua/engine-client';
import { engineGet, type EngineRest } from './engine-rest.js';

export interface TaskRemindersOptions {
  engine: EngineRest;
  outbox: NotificationOutboxStore;
  preferences: NotificationPreferenceStore;
  logger: Logger;
  /** Tasks due within this many ms from now are reminded of. Default 24 h. */
  horizonMs?: number;
  /** Pause between two passes, ms. Default 15 minutes. */
  pollMs?: number;
  clock?: () => Date;
}

/** The calendar day in Vietnam, `YYYY-MM-DD`: reminders are once per task, recipient and day. */
export function vietnamDay(at: Date): string {
  return vietnamDate(at);
}

/**
 * Officers' reminders of near-due tasks by e-mail: asks the engine's task query for tasks due
 * before now + horizon (`dueBefore`) and queues one e-mail per task, recipient and day in the
 * outbox (the idempotency key makes a second pass the same day queue nothing). Recipients are the
 * assignee, else the active members of the task's candidate groups, who have an e-mail address
 * and chose e-mail in their profile.
 */
export class TaskReminders {
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(private readonly o: TaskRemindersOptions) {
    this.log = o.logger.child({ component: 'task-reminders' });
  }

  private async recipients(task: TaskDto): Promise<string[]> {
    if (task.assignee) return [task.assignee];
    const links = await engineGet<IdentityLinkDto[]>(
      this.o.engine,
      `/task/${encodeURIComponent(task.id)}/identity-links`,
    );
    const groups = links.filter((l) => l.type === 'candidate' && l.groupId).map((l) => l.groupId!);
    return this.o.preferences.activeMembersOf(groups);
  }

  private async dossierOf(
    processInstanceId: string | null,
  ): Promise<{ dossierId: string | null; dossierCode: string | null }> {
    if (!processInstanceId) return { dossierId: null, dossierCode: null };
    const [pi] = await engineGet<HistoricProcessInstanceDto[]>(this.o.engine, '/history/process-instance', {
      processInstanceId,
    });
    const vars = await engineGet<HistoricVariableInstanceDto[]>(this.o.engine, '/history/variable-instance', {
      processInstanceId,
      variableName: 'dossierCode',
    });
    const code = vars.find((v) => v.name === 'dossierCode')?.value;
    return { dossierId: pi?.businessKey ?? null, dossierCode: typeof code === 'string' ? code : null };
  }

  /** One pass; returns how many reminders it queued. */
  async runOnce(): Promise<number> {
    const now = this.o.clock ? this.o.clock() : new Date();
    const day = vietnamDay(now);
    const tasks = await engineGet<TaskDto[]>(this.o.engine, '/task', {
      dueBefore: formatCamundaDate(new Date(now.getTime() + (this.o.horizonMs ?? 24 * 3600_000))),
      sortBy: 'dueDate',
      sortOrder: 'asc',
      maxResults: '200',
    });
    let queued = 0;
    for (const task of tasks) {
      const users = await this.recipients(task);
      const prefs = await this.o.preferences.findMany(users);
      const targets = users.flatMap((u) => {
        const p = prefs.get(u);
        return p?.email && (p.channels === 'email' || p.channels === 'both')
          ? [{ userId: u, email: p.email }]
          : [];
      });
      if (!targets.length) continue;
      const dossier = await this.dossierOf(task.processInstanceId);
      const eventKey = `task-reminder:${task.id}:${day}`;
      for (const t of targets)
        if (
          await this.o.outbox.queue(
            {
              idempotencyKey: `${eventKey}|email|${t.userId}`,
              eventKey,
              kind: 'task-reminder',
              channel: 'email',
              recipientUserId: t.userId,
              recipient: t.email,
              dossierId: dossier.dossierId,
              processInstanceId: task.processInstanceId,
              payload: {
                taskName: task.name,
                taskDue: task.due,
                dossierCode: dossier.dossierCode,
                taskId: task.id,
              },
            },
            now,
          )
        )
          queued++;
    }
    return queued;
  }

  start(): void {
    const pollMs = this.o.pollMs ?? 15 * 60_000;
    const tick = () => {
      this.running = this.runOnce()
        .then((n) => {
          if (n) this.log.info({ queued: n }, 'task reminders queued');
        })
        .catch((err: unknown) =>
          this.log.warn({ err: (err as Error).message }, 'task reminders pass failed; retrying'),
        )
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, pollMs);
        });
    };
    tick();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
