declare module 'bpmn-moddle' {
  interface ParseResult {
    rootElement: unknown;
    warnings: { message: string; element?: unknown }[];
  }
  interface Moddle {
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
  }
  export function BpmnModdle(packages?: Record<string, unknown>, options?: Record<string, unknown>): Moddle;
}
