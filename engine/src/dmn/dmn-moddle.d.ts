declare module 'dmn-moddle' {
  interface ParseResult {
    rootElement: unknown;
    warnings: { message: string }[];
  }
  export class DmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
  }
}
