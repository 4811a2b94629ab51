import { BpmnModdle } from 'bpmn-moddle';
import type { OperationsEngine } from './operations-engine.js';

/** A deployed process version as the operations pages need it: its XML and its elements' names. */
export interface ProcessModel {
  xml: string;
  /** Flow element id → its name (elements without a name are left out). */
  names: Map<string, string>;
}

interface ModdleElement {
  $type: string;
  name?: string;
}

/**
 * The XML and the element names of deployed process versions, read from the engine and cached
 * per definition id (a deployed version never changes), at most `max` of them.
 */
export class ProcessModels {
  private readonly cache = new Map<string, Promise<ProcessModel>>();

  constructor(
    private readonly engine: OperationsEngine,
    private readonly max = 100,
  ) {}

  of(definitionId: string): Promise<ProcessModel> {
    let model = this.cache.get(definitionId);
    if (!model) {
      model = this.load(definitionId);
      this.cache.set(definitionId, model);
      model.catch(() => this.cache.delete(definitionId));
      if (this.cache.size > this.max) this.cache.delete(this.cache.keys().next().value!);
    }
    return model;
  }

  /** The name of an activity, or its id when it has none (or the model cannot be read). */
  async activityName(definitionId: string, activityId: string): Promise<string> {
    try {
      return (await this.of(definitionId)).names.get(activityId) ?? activityId;
    } catch {
      return activityId;
    }
  }

  private async load(definitionId: string): Promise<ProcessModel> {
    const xml = await this.engine.definitionXml(definitionId);
    const parsed = (await new BpmnModdle().fromXML(xml)) as unknown as {
      elementsById: Record<string, ModdleElement>;
    };
    const names = new Map<string, string>();
    for (const [id, e] of Object.entries(parsed.elementsById))
      if (e.name && /^bpmn:(\w*Task|\w*Event|SubProcess|CallActivity|\w*Gateway)$/.test(e.$type))
        names.set(id, e.name.trim());
    return { xml, names };
  }
}
