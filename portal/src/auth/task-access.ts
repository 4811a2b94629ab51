/**
 * Who may do what with a user task. The facts come from the engine (the task's assignee, and
 * whether the engine lists the task for one of the user's candidate groups), never from the client.
 */
export type TaskAction = 'view' | 'claim' | 'unclaim' | 'complete';

export interface TaskActor {
  id: string;
  role: string;
  groups: string[];
}

export interface TaskFacts {
  assignee: string | null;
  /** True when the engine offers this task to at least one of the actor's groups. */
  offeredToActorGroups: boolean;
}

export type TaskAccess =
  | { allowed: true; mustClaimFirst?: boolean }
  | { allowed: false; reason: 'not-staff' | 'not-candidate' | 'claimed-by-other' | 'not-assignee' };

const STAFF_ROLES = new Set(['officer', 'leader']);

export function decideTaskAccess(actor: TaskActor, task: TaskFacts, action: TaskAction): TaskAccess {
  if (!STAFF_ROLES.has(actor.role)) return { allowed: false, reason: 'not-staff' };
  const mine = task.assignee === actor.id;
  const free = task.assignee === null || task.assignee === '';
  switch (action) {
    case 'view':
      return mine || task.offeredToActorGroups
        ? { allowed: true }
        : { allowed: false, reason: 'not-candidate' };
    case 'claim':
      if (mine) return { allowed: true };
      if (!free)
        return { allowed: false, reason: task.offeredToActorGroups ? 'claimed-by-other' : 'not-candidate' };
      return task.offeredToActorGroups ? { allowed: true } : { allowed: false, reason: 'not-candidate' };
    case 'unclaim':
      return mine ? { allowed: true } : { allowed: false, reason: 'not-assignee' };
    case 'complete':
      if (mine) return { allowed: true };
      if (!free)
        return { allowed: false, reason: task.offeredToActorGroups ? 'claimed-by-other' : 'not-candidate' };
      return task.offeredToActorGroups
        ? { allowed: true, mustClaimFirst: true }
        : { allowed: false, reason: 'not-candidate' };
  }
}
