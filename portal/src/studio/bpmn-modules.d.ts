// bpmn-moddle 10 types its model, not its BpmnModdle class; bpmn-js-differ ships no types.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string): Promise<{ rootElement: unknown }>;
  }
}
declare module 'bpmn-js-differ' {
  export function diff(
    oldDefinitions: unknown,
    newDefinitions: unknown,
  ): {
    _added: Record<string, unknown>;
    _removed: Record<string, unknown>;
    _changed: Record<string, { model: unknown; attrs: Record<string, unknown> }>;
    _layoutChanged: Record<string, unknown>;
  };
}
