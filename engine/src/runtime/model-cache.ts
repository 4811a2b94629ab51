import { EngineProcessDefinition, EngineResource, type EngineTx } from '@motcua/db/engine';
import { parseBpmn } from '../bpmn/parse-bpmn.js';
import type { ProcessModel } from '../bpmn/model.js';

/** Camunda's process-definition cache holds 1000 definitions (its `cacheCapacity` default). */
export const MODEL_CACHE_CAPACITY = 1000;

/**
 * Deployed definitions never change, so each is parsed once and cached by definition id.
 * A miss (engine restart, definition deployed by another engine process, or evicted) re-reads
 * the resource. The cache is bounded, least recently used out first: years of redeployed
 * procedures would otherwise keep every old version's model in the engine's memory.
 */
export class ModelCache {
  private readonly models = new Map<string, ProcessModel>();

  constructor(private readonly capacity = MODEL_CACHE_CAPACITY) {}

  get size(): number {
    return this.models.size;
  }

  put(definitionId: string, model: ProcessModel): void {
    this.models.delete(definitionId); // re-inserted last: the most recently used
    this.models.set(definitionId, model);
    // A Map iterates in insertion order: the first key is the least recently used.
    while (this.models.size > this.capacity) this.models.delete(this.models.keys().next().value!);
  }

  async get(tx: EngineTx, definitionId: string): Promise<ProcessModel> {
    const hit = this.models.get(definitionId);
    if (hit) {
      this.put(definitionId, hit);
      return hit;
    }
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
    this.put(definitionId, model);
    return model;
  }
}
