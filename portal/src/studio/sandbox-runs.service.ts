import { NotFoundError } from '@motcua/domain';
import type { AuditStore, PortalUser } from '@motcua/db/portal';
import { STUDIO_DEPLOYMENT_SOURCE } from '../engine/deploy-catalogue.js';
import type {
  ActivityInstanceDto,
  EngineClient,
  ExternalTaskDto,
  ProcessDefinitionDto,
  ProcessInstanceDto,
  ProcessInstanceWithVariablesDto,
  TaskDto,
} from '@motcua/engine-client';
import { CheckFailedError, type DraftsService } from './drafts.service.js';

/**
 * The tenant of the studio's test runs ("chạy thử"). The engine's by-key lookups, the portal's
 * task queries and the workers all ask for tenant-less definitions and tasks, so nothing
 * deployed or started here reaches applicants, officers or the workers.
 */
export const SANDBOX_TENANT = 'motcua-sandbox';
/** Business keys of test runs start with this and the designer's id: visibly not a dossier. */
export const SANDBOX_KEY_PREFIX = 'CHAY-THU';

const enc = encodeURIComponent;

export interface SandboxRun {
  processInstanceId: string;
  processDefinitionId: string;
  businessKey: string;
}

/** Where a test run waits: the activities holding a token, its user tasks and external tasks. */
export interface SandboxWhere {
  ended: boolean;
  activityIds: string[];
  tasks: Array<{ id: string; name: string | null; taskDefinitionKey: string }>;
  externalTasks: Array<{ id: string; activityId: string; topicName: string }>;
}

const leaves = (node: ActivityInstanceDto): string[] =>
  node.childActivityInstances.length === 0 && node.childTransitionInstances.length === 0
    ? [node.activityId]
    : [
        ...node.childActivityInstances.flatMap(leaves),
        ...node.childTransitionInstances.map((t) => t.activityId),
      ];

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Element id → name of a BPMN model's named elements (for the list beside the diagram). */
export function activityNames(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const [, attrs] of xml.matchAll(/<(?:[\w-]+:)?\w+\s([^>]*?)\/?>/g)) {
    const id = /\bid="([^"]*)"/.exec(attrs!)?.[1];
    const name = /\bname="([^"]*)"/.exec(attrs!)?.[1];
    if (id && name)
      names.set(
        id,
        name.replace(/&(amp|lt|gt|quot|apos|#(\d+));/g, (_, e: string, n?: string) =>
          n ? String.fromCodePoint(Number(n)) : XML_ENTITIES[e]!,
        ),
      );
  }
  return names;
}

/** Deploys a checked draft under the sandbox tenant, starts a test instance, shows and ends it. */
export class SandboxRunsService {
  constructor(private readonly d: { drafts: DraftsService; engine: EngineClient; audit: AuditStore }) {}

  /** Check (errors block, as a deploy), deploy under the sandbox tenant, start one test instance. */
  async start(user: PortalUser, draftId: string, ip: string | null): Promise<SandboxRun> {
    const draft = await this.d.drafts.get(draftId);
    const check = await this.d.drafts.check(draftId);
    if (check.errors.length) throw new CheckFailedError(check);
    await this.d.engine.deploy(`${draft.procedureKey}-chay-thu`, this.d.drafts.deploymentFiles(draft), {
      source: STUDIO_DEPLOYMENT_SOURCE,
      tenantId: SANDBOX_TENANT,
    });
    // Duplicate filtering may answer the earlier deployment: ask for the tenant's latest version.
    const def = await this.d.engine.call<ProcessDefinitionDto>(
      'GET',
      `/process-definition/key/${enc(draft.procedureKey)}/tenant-id/${SANDBOX_TENANT}`,
    );
    const businessKey = `${SANDBOX_KEY_PREFIX}-${user.id}-${Date.now().toString(36)}`;
    const started = await this.d.engine.call<ProcessInstanceWithVariablesDto>(
      'POST',
      `/process-definition/${enc(def.id)}/start`,
      { businessKey },
    );
    await this.d.audit.append({
      actor: user.id,
      action: 'studio.sandbox-run',
      target: draft.procedureKey,
      detail: { draftId, processDefinitionId: def.id, processInstanceId: started.id, businessKey },
      ip,
    });
    return { processInstanceId: started.id, processDefinitionId: def.id, businessKey };
  }

  /** The designer's test runs still running, newest first. */
  async list(user: PortalUser): Promise<Array<{ id: string; businessKey: string; definitionId: string }>> {
    const runs = await this.d.engine.get<ProcessInstanceDto[]>('/process-instance', {
      businessKeyLike: `${SANDBOX_KEY_PREFIX}-${user.id}-%`,
    });
    return runs
      .filter((r) => r.tenantId === SANDBOX_TENANT)
      .map((r) => ({ id: r.id, businessKey: r.businessKey ?? '', definitionId: r.definitionId }))
      .reverse();
  }

  /** Where the run waits; a run of another designer or outside the sandbox is not found. */
  async where(user: PortalUser, processInstanceId: string): Promise<SandboxWhere> {
    await this.own(user, processInstanceId);
    const tree = await this.d.engine.activityInstances(processInstanceId).catch(() => null);
    if (!tree) return { ended: true, activityIds: [], tasks: [], externalTasks: [] };
    const tasks = await this.d.engine.get<TaskDto[]>('/task', {
      processInstanceId,
      tenantIdIn: SANDBOX_TENANT,
    });
    const externalTasks = await this.d.engine.get<ExternalTaskDto[]>('/external-task', { processInstanceId });
    return {
      ended: false,
      activityIds: [...new Set(leaves(tree))],
      tasks: tasks.map((t) => ({ id: t.id, name: t.name, taskDefinitionKey: t.taskDefinitionKey })),
      externalTasks: externalTasks.map((t) => ({
        id: t.id,
        activityId: t.activityId,
        topicName: t.topicName,
      })),
    };
  }

  /** Ends (deletes) a test run of this designer. */
  async end(user: PortalUser, processInstanceId: string, ip: string | null): Promise<void> {
    await this.own(user, processInstanceId);
    await this.d.engine.call(
      'DELETE',
      `/process-instance/${enc(processInstanceId)}?skipCustomListeners=true`,
    );
    await this.d.audit.append({
      actor: user.id,
      action: 'studio.sandbox-end',
      target: processInstanceId,
      detail: {},
      ip,
    });
  }

  /**
   * The run's model and where it waits, for the officer diagram viewer (process-diagram.js):
   * `{ xml, active, visited, ended }`, plus the activities' names for the page's list.
   */
  async diagram(
    user: PortalUser,
    processInstanceId: string,
  ): Promise<{
    businessKey: string | null;
    xml: string;
    names: Map<string, string>;
    where: SandboxWhere;
  }> {
    const pi = await this.own(user, processInstanceId);
    const bpmn20Xml = await this.d.engine.definitionXml(pi.processDefinitionId);
    return {
      businessKey: pi.businessKey,
      xml: bpmn20Xml,
      names: activityNames(bpmn20Xml),
      where: await this.where(user, processInstanceId),
    };
  }

  private async own(
    user: PortalUser,
    processInstanceId: string,
  ): Promise<{ businessKey: string | null; processDefinitionId: string }> {
    const pi = await this.d.engine.historicProcessInstance(processInstanceId).catch(() => null);
    if (
      !pi ||
      pi.tenantId !== SANDBOX_TENANT ||
      !pi.businessKey?.startsWith(`${SANDBOX_KEY_PREFIX}-${user.id}-`)
    )
      throw new NotFoundError('Không tìm thấy lần chạy thử này.');
    return { businessKey: pi.businessKey, processDefinitionId: pi.processDefinitionId };
  }
}
