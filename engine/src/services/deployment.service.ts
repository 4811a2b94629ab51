import {
  EngineDecisionDefinition,
  EngineDeployment,
  EngineJob,
  EngineProcessDefinition,
  EngineResource,
  EngineStartSubscription,
} from '@motcua/db/engine';
import { BpmnParseError, parseBpmn } from '../bpmn/parse-bpmn.js';
import type { ProcessModel } from '../bpmn/model.js';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, RESOURCES } from '../identity/authorization.service.js';
import { InvalidArgumentError, ParseError } from '../runtime/errors.js';
import { newId } from '../runtime/ids.js';
import { checkResources } from './resource-checks.js';
import { scheduleTimerStarts } from '../runtime/process-runtime.js';
import { DmnParseError, isDmnResource, parseDmn, type DecisionModel } from '../dmn/parse-dmn.js';
import { deployDecisionRequirements } from '../dmn/decision-requirements.js';

export interface DeploymentInput {
  name: string | null;
  source: string | null;
  tenantId: string | null;
  enableDuplicateFiltering: boolean;
  deployChangedOnly: boolean;
  resources: { name: string; content: string }[];
}

export interface DeploymentResult {
  deployment: EngineDeployment;
  /** null when an existing deployment is returned (nothing changed), as Camunda. */
  definitions: EngineProcessDefinition[] | null;
}

export const isBpmnResource = (name: string) => /\.(bpmn|bpmn20\.xml)$/i.test(name);

/**
 * Deploys resources. BPMN files are parsed and validated before anything is written; each
 * process in them gets the next version of its key. Duplicate filtering (Camunda's rules):
 * compare with the latest resources of the same name in deployments of the same name; nothing
 * changed → the existing deployment is returned; something changed → everything is deployed
 * again, or only the changed resources with `deployChangedOnly`.
 */
export async function deploy(core: EngineCore, input: DeploymentInput): Promise<DeploymentResult> {
  if (input.resources.length === 0)
    throw new InvalidArgumentError('No deployment resources contained in the form upload.');
  const names = new Set<string>();
  for (const r of input.resources) {
    if (names.has(r.name))
      throw new InvalidArgumentError(`The deployment contains the resource '${r.name}' twice.`);
    names.add(r.name);
  }
  checkResources(input.resources);
  const parsed = new Map<string, ProcessModel[]>();
  for (const r of input.resources.filter((r) => isBpmnResource(r.name))) {
    try {
      parsed.set(r.name, await parseBpmn(r.name, r.content));
    } catch (err) {
      if (err instanceof BpmnParseError) {
        throw new ParseError(err.message, {
          [r.name]: { errors: err.problems, warnings: [] },
        });
      }
      throw err;
    }
  }
  // DMN files: parsed and checked before anything is written, as BPMN files are.
  const decisions = new Map<string, DecisionModel[]>();
  for (const r of input.resources.filter((r) => isDmnResource(r.name))) {
    try {
      decisions.set(r.name, await parseDmn(r.name, r.content));
    } catch (err) {
      if (err instanceof DmnParseError)
        throw new ParseError(err.message, {
          [r.name]: { errors: err.problems.map((message) => ({ message })), warnings: [] },
        });
      throw err;
    }
  }
  const keys = new Set<string>();
  for (const models of parsed.values()) {
    for (const m of models) {
      if (keys.has(m.key))
        throw new ParseError(
          `The deployment contains definitions with the same key '${m.key}' (id attribute), this is not allowed`,
        );
      keys.add(m.key);
    }
  }

  return core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, { resource: RESOURCES.DEPLOYMENT, permission: 'CREATE' });
    const { tx } = ctx;
    let toDeploy = input.resources;
    if (input.enableDuplicateFiltering && input.name !== null) {
      const previous = await tx.find(
        EngineDeployment,
        { name: input.name, tenantId: input.tenantId },
        { order: { deploymentTime: 'DESC', id: 'DESC' } },
      );
      if (previous.length > 0) {
        const latestByName = new Map<string, EngineResource>();
        // Deployments newest first: the first resource seen per name is the latest.
        const resources = await tx.find(EngineResource, {
          deploymentId: previous.map((d) => d.id),
          name: [...names],
        });
        const rank = new Map(previous.map((d, i) => [d.id, i]));
        resources.sort((a, b) => rank.get(a.deploymentId)! - rank.get(b.deploymentId)!);
        for (const r of resources) if (!latestByName.has(r.name)) latestByName.set(r.name, r);
        const changed = input.resources.filter((r) => latestByName.get(r.name)?.content !== r.content);
        if (changed.length === 0) return { deployment: previous[0]!, definitions: null };
        if (input.deployChangedOnly) toDeploy = changed;
      }
    }

    const deployment: EngineDeployment = {
      id: newId(),
      name: input.name,
      source: input.source,
      tenantId: input.tenantId,
      deploymentTime: ctx.now,
    };
    await tx.insert(EngineDeployment, deployment);
    await tx.insertMany(
      EngineResource,
      toDeploy.map((r) => ({ id: newId(), deploymentId: deployment.id, name: r.name, content: r.content })),
    );
    const definitions: EngineProcessDefinition[] = [];
    for (const r of toDeploy) {
      for (const model of parsed.get(r.name) ?? []) {
        const version =
          // Versions count per key across tenants (a unique (key, version) index guards concurrent
          // deploys); Camunda counts per tenant. Lookups by key still skip tenants' versions.
          ((await tx.maxValue(EngineProcessDefinition, 'version', { key: model.key })) ?? 0) + 1;
        const def: EngineProcessDefinition = {
          id: `${model.key}:${version}:${newId()}`,
          key: model.key,
          version,
          name: model.name,
          deploymentId: deployment.id,
          resourceName: r.name,
          versionTag: model.versionTag,
          tenantId: input.tenantId,
          suspended: false,
          startableInTasklist: model.startableInTasklist,
          historyTimeToLive: model.historyTimeToLive,
        };
        await tx.insert(EngineProcessDefinition, def);
        ctx.models.put(def.id, model);
        // A new version replaces the timer start events of the previous one of the same tenant
        // (a sandbox tenant's deployment never replaces the tenant-less version's starts).
        await tx.removeWhere(EngineJob, {
          processDefinitionKey: model.key,
          handlerType: 'timer-start',
          tenantId: input.tenantId,
        });
        await scheduleTimerStarts(ctx, def, model);
        // Message and signal start events: only the latest version of a key listens.
        await tx.removeWhere(EngineStartSubscription, {
          processDefinitionKey: model.key,
          tenantId: input.tenantId,
        });
        for (const id of model.messageStartIds) {
          const start = model.nodes.get(id)!;
          await tx.insert(EngineStartSubscription, {
            id: newId(),
            eventType: start.kind === 'signalStartEvent' ? 'signal' : 'message',
            eventName: (start.signalName ?? start.messageName)!,
            processDefinitionId: def.id,
            processDefinitionKey: def.key,
            activityId: id,
            tenantId: def.tenantId,
            created: ctx.now,
          });
        }
        definitions.push(def);
      }
    }
    for (const r of toDeploy) {
      for (const d of decisions.get(r.name) ?? []) {
        const version = ((await tx.maxValue(EngineDecisionDefinition, 'version', { key: d.key })) ?? 0) + 1;
        await tx.insert(EngineDecisionDefinition, {
          id: `${d.key}:${version}:${newId()}`,
          key: d.key,
          version,
          name: d.name,
          deploymentId: deployment.id,
          resourceName: r.name,
          versionTag: d.versionTag,
          historyTimeToLive: d.historyTimeToLive,
          tenantId: input.tenantId,
        });
      }
      // A file of several decisions is also a decision requirements definition.
      await deployDecisionRequirements(tx, r, decisions.get(r.name) ?? [], deployment.id, input.tenantId);
    }
    return { deployment, definitions };
  });
}
