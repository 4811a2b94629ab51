import {
  EngineDeployment,
  EngineProcessDefinition,
  EngineResource,
  EngineTask,
  type EngineTx,
} from '@motcua/db/engine';
import type { CamundaFormRefDto } from '@motcua/engine-client';
import type { EngineCore } from '../engine-core.js';
import { requireTaskPermission } from './task-authorization.js';
import { requireDefinitionPermission } from './process-definition.service.js';
import { NotFoundError } from '../runtime/errors.js';
import { definitionById, latestDefinition } from './process-instance.service.js';

/** Camunda's FormDto: a form key and/or a Camunda Forms reference. */
export interface FormDto {
  key: string | null;
  camundaFormRef: CamundaFormRefDto | null;
  contextPath: null;
}

/** Form keys that name a resource of the definition's own deployment. */
const DEPLOYMENT_PREFIXES = [
  'camunda-forms:deployment:',
  'operaton-forms:deployment:',
  'embedded:deployment:',
  'deployment:',
];

export async function startFormOf(
  core: EngineCore,
  which: { key: string } | { id: string },
): Promise<FormDto> {
  return core.query(async (tx, caller) => {
    const def = 'key' in which ? await latestDefinition(tx, which.key) : await definitionById(tx, which.id);
    await requireDefinitionPermission(tx, caller, def, 'READ');
    const model = await core.models.get(tx, def.id);
    const f = model.startForm;
    return {
      key: f?.formKey ?? null,
      camundaFormRef: f?.formRef
        ? {
            key: f.formRef,
            binding: f.formRefBinding ?? 'latest',
            version: f.formRefVersion === null ? null : Number(f.formRefVersion),
          }
        : null,
      contextPath: null,
    };
  });
}

/**
 * Finds the deployed form (a `.form` resource) a form key or reference points at:
 * `camunda-forms:deployment:<file>` → that file in the definition's deployment; a formRef → the
 * `.form` whose `id` is the reference, bound `deployment` (same deployment), `version` (the n-th
 * deployed version of that form id) or `latest`.
 */
async function resolveDeployedForm(tx: EngineTx, deploymentId: string, form: FormDto): Promise<string> {
  if (form.key) {
    const prefix = DEPLOYMENT_PREFIXES.find((p) => form.key!.startsWith(p));
    if (prefix) {
      const resource = await tx.findOne(EngineResource, {
        deploymentId,
        name: form.key.slice(prefix.length),
      });
      if (resource) return resource.content;
    }
    throw new NotFoundError(`The form key '${form.key}' is not a deployed form.`);
  }
  const ref = form.camundaFormRef;
  if (!ref) throw new NotFoundError('No form is declared here.');
  const candidates = (await tx.find(EngineResource, { name: { op: 'like', value: '%.form' } })).filter(
    (r) => {
      try {
        return (JSON.parse(r.content) as { id?: unknown }).id === ref.key;
      } catch {
        return false;
      }
    },
  );
  const deployments = await tx.find(EngineDeployment, {
    id: [...new Set(candidates.map((c) => c.deploymentId)), ''],
  });
  const time = new Map(deployments.map((d) => [d.id, d.deploymentTime.getTime()]));
  candidates.sort(
    (a, b) => time.get(a.deploymentId)! - time.get(b.deploymentId)! || a.id.localeCompare(b.id),
  );
  const found =
    ref.binding === 'deployment'
      ? candidates.find((c) => c.deploymentId === deploymentId)
      : ref.binding === 'version'
        ? candidates[(ref.version ?? 0) - 1]
        : candidates[candidates.length - 1];
  if (!found)
    throw new NotFoundError(
      `No Camunda Form Definition was found for Camunda Form Ref ${JSON.stringify(ref)}`,
    );
  return found.content;
}

export async function deployedStartForm(
  core: EngineCore,
  which: { key: string } | { id: string },
): Promise<string> {
  const form = await startFormOf(core, which);
  return core.query(async (tx) => {
    const def: EngineProcessDefinition =
      'key' in which ? await latestDefinition(tx, which.key) : await definitionById(tx, which.id);
    return resolveDeployedForm(tx, def.deploymentId, form);
  });
}

export async function deployedTaskForm(core: EngineCore, taskId: string): Promise<string> {
  return core.query(async (tx, caller) => {
    await requireTaskPermission(tx, caller, taskId, 'READ');
    const task = await tx.get(EngineTask, taskId);
    if (!task) throw new NotFoundError(`No matching task with id ${taskId}`);
    const def = await definitionById(tx, task.processDefinitionId);
    return resolveDeployedForm(tx, def.deploymentId, {
      key: task.formKey,
      camundaFormRef: task.formRefKey
        ? { key: task.formRefKey, binding: task.formRefBinding ?? 'latest', version: task.formRefVersion }
        : null,
      contextPath: null,
    });
  });
}
