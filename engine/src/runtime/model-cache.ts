import { EngineProcessDefinition, EngineResource, type EngineTx } from '@motcua/db/engine';
import { parseBpmn } from '../bpmn/parse-bpmn.js';
import type { ProcessModel } from '../bpmn/model.js';

/**
 * Deployed definitions never change, so each is parsed once and cached by definition id.
 * A miss (engine restart, definition deployed by another engine process) re-reads the resource.
 */
export class ModelCache {
  private readonly models = new Map<string, ProcessModel>();

  put(definitionId: string, model: ProcessModel): void {
    this.models.set(definitionId, model);
  }

  async get(tx: EngineTx, definitionId: string): Promise<ProcessModel> {
    const hit = this.models.get(definitionId);
    if (hit) return hit;
    const def = await tx.get(EngineProcessDefinition, definitionId);
    if (!def) throw new Error(`Process definition ${definitionId} does not exist`);
    const resource = await tx.findOne(EngineResource, {
      deploymentId: def.deploymentId,
      name: def.resourceName,
    });
    if (!resource)
      throw new Error(`Resource ${def.resourceName} of deployment ${def.deploymentId} is missing`);
    const model = (await parseBpmn(resource.name, resource.content)).find((m) => m.key === def.key);
    if (!model) throw new Error(`Resource ${def.resourceName} no longer contains process ${def.key}`);
    this.models.set(definitionId, model);
    return model;
  }
}
