// Packages of the bpmn.io studio set that ship no typings (see shared reference §9).
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: unknown;
  export const BpmnPropertiesProviderModule: unknown;
  export const CamundaPlatformPropertiesProviderModule: unknown;
}
declare module 'camunda-bpmn-js-behaviors/lib/camunda-platform' {
  const module: unknown;
  export default module;
}
declare module 'diagram-js-minimap' {
  const module: unknown;
  export default module;
}
declare module 'bpmn-js-token-simulation' {
  const module: unknown;
  export default module;
}
declare module 'dmn-js/lib/Modeler' {
  export default class DmnModeler {
    constructor(options: Record<string, unknown>);
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): Array<{ type: string; element: unknown }>;
    open(view: unknown): Promise<unknown>;
    getActiveViewer(): { get(name: string): unknown } | undefined;
    on(event: string, cb: () => void): void;
    destroy(): void;
  }
}
declare module 'dmn-js-properties-panel' {
  export const DmnPropertiesPanelModule: unknown;
  export const DmnPropertiesProviderModule: unknown;
  export const CamundaPropertiesProviderModule: unknown;
}
declare module 'camunda-bpmn-moddle/resources/camunda.json' {
  const descriptor: Record<string, unknown>;
  export default descriptor;
}
declare module 'camunda-dmn-moddle/resources/camunda.json' {
  const descriptor: Record<string, unknown>;
  export default descriptor;
}
declare module 'bpmn-js-bpmnlint' {
  const module: unknown;
  export default module;
}
declare module 'bpmnlint-plugin-motcua/messages-vi' {
  export function translateMessage(message: string): string;
}
