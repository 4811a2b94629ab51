import {
  EngineError,
  type ActivityInstanceTree,
  type EngineClient,
  type HistoricActivityInstance,
} from '../engine/engine-client.js';

/** One step of the instance's history, for the list that stands beside the diagram. */
export interface DiagramStep {
  activityId: string;
  name: string;
  activityType: string;
  state: 'active' | 'done' | 'canceled';
  startTime: string;
  endTime: string | null;
}

/** What the officer's dossier page draws: the version's model and where the instance is and was. */
export interface ProcessDiagram {
  definitionId: string;
  /** BPMN 2.0 XML of the instance's own process version. */
  xml: string;
  /** Activities the instance waits in now; once it ended, the end events it reached. */
  active: string[];
  /** Every activity the instance entered, from the history (running, finished or cancelled). */
  visited: string[];
  ended: boolean;
  steps: DiagramStep[];
}

/** Activity types not worth a line in the list of steps (structure, not work). */
const STRUCTURAL = /gateway|sequenceFlow|multiInstanceBody|subProcess$/i;

/**
 * The data of the process diagram on an officer's dossier page, read from the engine's REST API
 * (never from the browser): the XML of the instance's version (`GET /process-definition/{id}/xml`,
 * cached per definition id — a deployed model never changes), the current activities
 * (`GET /process-instance/{id}/activity-instances`; history once it ended) and the visited ones
 * (`GET /history/activity-instance?processInstanceId=`). The engine keeps no history of sequence
 * flows: the browser marks a flow taken when both its ends were visited — a heuristic, wrong for
 * a flow that was not taken between two visited nodes (loops, joins).
 */
export class ProcessDiagramService {
  private readonly xmlByDefinition = new Map<string, Promise<string>>();

  constructor(
    private readonly engine: EngineClient,
    private readonly maxCachedModels = 200,
  ) {}

  async diagramOf(processInstanceId: string): Promise<ProcessDiagram> {
    const [instance, history] = await Promise.all([
      this.engine.historicProcessInstance(processInstanceId),
      this.engine.activityHistory(processInstanceId),
    ]);
    const [xml, active] = await Promise.all([
      this.xmlOf(instance.processDefinitionId),
      this.activeActivities(processInstanceId, history),
    ]);
    const ended = instance.endTime !== null && instance.endTime !== undefined;
    return {
      definitionId: instance.processDefinitionId,
      xml,
      // Ended: where it ended (the end events reached) stands for the current step.
      active: ended
        ? [...new Set(history.filter((a) => /endEvent$/i.test(a.activityType)).map((a) => a.activityId))]
        : active,
      visited: [...new Set(history.map((a) => a.activityId))],
      ended,
      steps: stepsOf(history),
    };
  }

  /** The list of steps alone (the page renders it; the diagram's JSON carries it too). */
  async stepsOf(processInstanceId: string): Promise<DiagramStep[]> {
    return stepsOf(await this.engine.activityHistory(processInstanceId));
  }

  private xmlOf(definitionId: string): Promise<string> {
    let xml = this.xmlByDefinition.get(definitionId);
    if (!xml) {
      xml = this.engine.definitionXml(definitionId);
      this.xmlByDefinition.set(definitionId, xml);
      xml.catch(() => this.xmlByDefinition.delete(definitionId));
      if (this.xmlByDefinition.size > this.maxCachedModels)
        this.xmlByDefinition.delete(this.xmlByDefinition.keys().next().value!);
    }
    return xml;
  }

  /** The runtime tree's leaves; once the instance ended (404), the history's unfinished ones. */
  private async activeActivities(
    processInstanceId: string,
    history: HistoricActivityInstance[],
  ): Promise<string[]> {
    try {
      const tree = await this.engine.activityInstances(processInstanceId);
      const ids = new Set<string>();
      const walk = (node: ActivityInstanceTree, root: boolean) => {
        const children = node.childActivityInstances ?? [];
        const transitions = node.childTransitionInstances ?? [];
        if (!root && children.length === 0) ids.add(node.activityId);
        for (const t of transitions) ids.add(t.activityId);
        for (const c of children) walk(c, false);
      };
      walk(tree, true);
      return [...ids];
    } catch (err) {
      if (!(err instanceof EngineError && err.status === 404)) throw err;
      return [...new Set(history.filter((a) => !a.endTime && !a.canceled).map((a) => a.activityId))];
    }
  }
}

/** The named work of the history in order: what the text alternative of the diagram lists. */
export function stepsOf(history: HistoricActivityInstance[]): DiagramStep[] {
  return [...history]
    .filter((a) => a.activityName && !STRUCTURAL.test(a.activityType))
    .sort((a, b) => a.startTime.localeCompare(b.startTime))
    .map((a) => ({
      activityId: a.activityId,
      name: a.activityName!,
      activityType: a.activityType,
      state: a.canceled ? 'canceled' : a.endTime ? 'done' : 'active',
      startTime: a.startTime,
      endTime: a.endTime,
    }));
}
