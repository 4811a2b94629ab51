// bpmn-moddle 10 ships types for the model only, not for its BpmnModdle class.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(
      xml: string,
      type?: string,
    ): Promise<{ rootElement: import('./bpmn-parse.js').ModdleNode; warnings: Array<{ message: string }> }>;
  }
}
