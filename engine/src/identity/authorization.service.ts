import { EngineAuthorization, type EngineTx } from '@motcua/db/engine';
import { AuthorizationError } from '../runtime/errors.js';
import { ADMIN_GROUP, type Principal } from './identity.service.js';

/** Camunda's authorization types. */
export const AUTH_GLOBAL = 0;
export const AUTH_GRANT = 1;
export const AUTH_REVOKE = 2;

/** Camunda's resource type ids (org.camunda.bpm.engine.authorization.Resources). */
export const RESOURCES = {
  APPLICATION: 0,
  USER: 1,
  GROUP: 2,
  GROUP_MEMBERSHIP: 3,
  AUTHORIZATION: 4,
  FILTER: 5,
  PROCESS_DEFINITION: 6,
  TASK: 7,
  PROCESS_INSTANCE: 8,
  DEPLOYMENT: 9,
  DECISION_DEFINITION: 10,
  TENANT: 11,
  TENANT_MEMBERSHIP: 12,
  BATCH: 13,
  HISTORIC_TASK: 19,
  HISTORIC_PROCESS_INSTANCE: 20,
  SYSTEM: 21,
} as const;

export const RESOURCE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(RESOURCES).map(([name, id]) => [id, name]),
);

const covers = (a: EngineAuthorization, permission: string) => {
  const perms = a.permissions.split(',');
  return perms.includes('ALL') || perms.includes(permission);
};

/**
 * Camunda's precedence: an authorization for the user beats one for their groups, which beats a
 * global one; on the same level a REVOKE beats a GRANT. A specific resource id and `*` count alike.
 * Members of `camunda-admin` may do everything. `null`: no authorization speaks to this.
 */
export async function authorizationDecision(
  tx: EngineTx,
  who: Principal,
  resourceType: number,
  permission: string,
  resourceId = '*',
): Promise<boolean | null> {
  if (who.groupIds.includes(ADMIN_GROUP)) return true;
  const rows = (
    await tx.find(EngineAuthorization, {
      resourceType,
      resourceId: resourceId === '*' ? '*' : [resourceId, '*'],
    })
  ).filter((a) => covers(a, permission));
  const decide = (level: EngineAuthorization[]): boolean | null =>
    level.some((a) => a.type === AUTH_REVOKE)
      ? false
      : level.some((a) => a.type === AUTH_GRANT)
        ? true
        : null;
  const user = decide(rows.filter((a) => a.type !== AUTH_GLOBAL && a.userId === who.userId));
  if (user !== null) return user;
  const group = decide(
    rows.filter((a) => a.type !== AUTH_GLOBAL && a.groupId !== null && who.groupIds.includes(a.groupId)),
  );
  if (group !== null) return group;
  return rows.some((a) => a.type === AUTH_GLOBAL) ? true : null;
}

/** Whether the authorizations allow it (nothing said = no). */
export async function isAuthorized(
  tx: EngineTx,
  who: Principal,
  resourceType: number,
  permission: string,
  resourceId = '*',
): Promise<boolean> {
  return (await authorizationDecision(tx, who, resourceType, permission, resourceId)) ?? false;
}

/**
 * Who a command or query runs for. `null` runs unchecked: engine-internal work (the job executor,
 * timers), ENGINE_AUTH=none and ENGINE_AUTHORIZATION off, as Camunda with authorization disabled.
 */
export type Caller = Principal | null;

/** What an operation needs: Camunda's (resource type, resource id, permission). */
export interface Permission {
  resource: number;
  permission: string;
  /** The resource's id (a definition's key, a task's id); `*` for the whole type. */
  resourceId?: string;
}

/**
 * What the runtime resources (jobs, job definitions, incidents, external tasks) and the
 * correlation of messages and signals need: UPDATE on all process instances, as the REST layer's
 * table asked before issue 11 (Camunda checks per instance or definition).
 */
export const UPDATE_PROCESS_INSTANCES: Permission = {
  resource: RESOURCES.PROCESS_INSTANCE,
  permission: 'UPDATE',
};

/** What reading runtime state (executions, event subscriptions, variables) needs: READ on all instances. */
export const READ_PROCESS_INSTANCES: Permission = {
  resource: RESOURCES.PROCESS_INSTANCE,
  permission: 'READ',
};

/** A permission on one process instance (its id is the authorization's resource id). */
export const onProcessInstance = (processInstanceId: string, permission: string): Permission => ({
  resource: RESOURCES.PROCESS_INSTANCE,
  permission,
  resourceId: processInstanceId,
});

/** Whether the caller holds the permission (always, unchecked). */
export async function permits(tx: EngineTx, caller: Caller, need: Permission): Promise<boolean> {
  if (caller === null) return true;
  return isAuthorized(tx, caller, need.resource, need.permission, need.resourceId ?? '*');
}

/** Camunda's AuthorizationException (403), naming what is missing. */
export function authorizationDenied(caller: Principal, need: Permission): AuthorizationError {
  const resourceId = need.resourceId ?? '*';
  return new AuthorizationError(
    `The user with id '${caller.userId}' does not have '${need.permission}' permission on resource '${resourceId}' of type ${need.resource}.`,
    caller.userId,
    [
      {
        permissionName: need.permission,
        resourceName: RESOURCE_NAMES[need.resource] ?? String(need.resource),
        resourceId,
      },
    ],
  );
}

/** Throws Camunda's AuthorizationException unless the caller holds the permission. */
export async function requirePermission(tx: EngineTx, caller: Caller, need: Permission): Promise<void> {
  if (caller !== null && !(await permits(tx, caller, need))) throw authorizationDenied(caller, need);
}
