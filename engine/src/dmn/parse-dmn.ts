import type { DmnModdle } from 'dmn-moddle';

/*
 * DMN 1.3 XML → decisions we evaluate: decision tables (every hit policy) and literal expressions,
 * with their required decisions (a DRD). Parsed with dmn-moddle (saxen: no DTDs, no external
 * entities). Anything else is refused at deployment, naming the decision.
 */

export interface DecisionTableModel {
  kind: 'table';
  /** UNIQUE (default), FIRST, PRIORITY, ANY, COLLECT, RULE ORDER, OUTPUT ORDER. */
  hitPolicy: string;
  /** COLLECT only: SUM, MIN, MAX, COUNT. */
  aggregation: string | null;
  inputs: {
    /** The clause id (decision history's `clauseId`). */
    id: string;
    label: string | null;
    expression: string;
    language: string | null;
    inputVariable: string;
  }[];
  outputs: { id: string; name: string; label: string | null; values: string[]; typeRef?: string | null }[];
  rules: { id: string; inputEntries: string[]; outputEntries: string[] }[];
}

export interface LiteralDecisionModel {
  kind: 'literal';
  variableName: string;
  expression: string;
  language: string | null;
}

export interface DecisionModel {
  key: string;
  name: string | null;
  versionTag: string | null;
  historyTimeToLive: number | null;
  requiredDecisions: string[];
  logic: DecisionTableModel | LiteralDecisionModel;
}

export class DmnParseError extends Error {
  constructor(
    readonly resourceName: string,
    readonly problems: string[],
  ) {
    super(`ENGINE-22004 Unable to transform DMN resource '${resourceName}': ${problems.join('; ')}`);
    this.name = 'DmnParseError';
  }
}

type El = Record<string, unknown> & { $type: string; id?: string; $attrs?: Record<string, string> };
const list = (v: unknown): El[] => (Array.isArray(v) ? (v as El[]) : []);
const text = (v: unknown): string =>
  typeof (v as El | undefined)?.text === 'string' ? ((v as El).text as string).trim() : '';
const cam = (el: El, name: string): string | null => {
  const v = el[name] ?? el.$attrs?.[`camunda:${name}`];
  return v === undefined || v === null ? null : String(v);
};

const HIT_POLICIES = new Set(['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER']);

// Loaded on the first DMN file, not at engine start: most installations deploy no decision, and the
// parser's schema and code would sit in every engine process's memory (bench/RESULTS.md, memory).
let moddle: Promise<DmnModdle> | null = null;
const dmnModdle = () => (moddle ??= import('dmn-moddle').then(({ DmnModdle }) => new DmnModdle()));

export const isDmnResource = (name: string) => /\.dmn(11\.xml)?$/i.test(name);

export async function parseDmn(resourceName: string, xml: string): Promise<DecisionModel[]> {
  let root: El;
  try {
    root = (await (await dmnModdle()).fromXML(xml, 'dmn:Definitions')).rootElement as unknown as El;
  } catch (err) {
    throw new DmnParseError(resourceName, [(err as Error).message]);
  }
  const problems: string[] = [];
  const decisions: DecisionModel[] = [];
  for (const d of list(root.drgElement).filter((e) => e.$type === 'dmn:Decision')) {
    const key = d.id!;
    const logic = d.decisionLogic as El | undefined;
    const requiredDecisions = list(d.informationRequirement)
      .map((r) => (r.requiredDecision as El | undefined)?.href)
      .filter((h): h is string => typeof h === 'string')
      .map((h) => h.replace(/^#/, ''));
    const httl = cam(d, 'historyTimeToLive');
    const base = {
      key,
      name: typeof d.name === 'string' ? d.name : null,
      versionTag: cam(d, 'versionTag'),
      historyTimeToLive: httl && /^\d+$/.test(httl) ? Number(httl) : null,
      requiredDecisions,
    };
    if (logic?.$type === 'dmn:DecisionTable') {
      const hitPolicy = String(logic.hitPolicy ?? 'UNIQUE');
      if (!HIT_POLICIES.has(hitPolicy))
        problems.push(`Decision '${key}': hit policy '${hitPolicy}' is not supported`);
      const aggregation = typeof logic.aggregation === 'string' ? logic.aggregation : null;
      const outputs = list(logic.output).map((o) => ({
        id: o.id ?? '',
        name: String(o.name ?? ''),
        label: typeof o.label === 'string' ? o.label : null,
        values: splitValues(text(o.outputValues)),
        typeRef: typeof o.typeRef === 'string' ? o.typeRef : null,
      }));
      if (aggregation && outputs.length !== 1)
        problems.push(`Decision '${key}': a COLLECT ${aggregation} table needs exactly one output`);
      decisions.push({
        ...base,
        logic: {
          kind: 'table',
          hitPolicy,
          aggregation,
          inputs: list(logic.input).map((i) => {
            const e = i.inputExpression as El | undefined;
            return {
              id: i.id ?? '',
              label: typeof i.label === 'string' ? i.label : null,
              expression: text(e),
              language: typeof e?.expressionLanguage === 'string' ? e.expressionLanguage : null,
              inputVariable: cam(i, 'inputVariable') || 'cellInput',
            };
          }),
          outputs,
          rules: list(logic.rule).map((r) => ({
            id: r.id!,
            inputEntries: list(r.inputEntry).map(text),
            outputEntries: list(r.outputEntry).map(text),
          })),
        },
      });
    } else if (logic?.$type === 'dmn:LiteralExpression') {
      const variable = d.variable as El | undefined;
      decisions.push({
        ...base,
        logic: {
          kind: 'literal',
          variableName: String(variable?.name ?? key),
          expression: text(logic),
          language: typeof logic.expressionLanguage === 'string' ? logic.expressionLanguage : null,
        },
      });
    } else {
      problems.push(
        `Decision '${key}': ${logic?.$type ?? 'no decision logic'} is not supported (decision tables and literal expressions are)`,
      );
    }
  }
  const keys = new Set(decisions.map((d) => d.key));
  for (const d of decisions)
    for (const r of d.requiredDecisions)
      if (!keys.has(r)) problems.push(`Decision '${d.key}' requires '${r}', which is not in the same file`);
  if (problems.length) throw new DmnParseError(resourceName, problems);
  return decisions;
}

/** The DMN file's `definitions` (a DRD's key, name and namespace); the file was parsed before. */
export async function dmnDefinitionsOf(
  xml: string,
): Promise<{ id: string; name: string | null; namespace: string | null }> {
  const root = (await (await dmnModdle()).fromXML(xml, 'dmn:Definitions')).rootElement as unknown as El;
  return {
    id: String(root.id ?? ''),
    name: typeof root.name === 'string' ? root.name : null,
    namespace: typeof root.namespace === 'string' ? root.namespace : null,
  };
}

/** `"a","b"` → the allowed output values in priority order (PRIORITY, OUTPUT ORDER). */
function splitValues(t: string): string[] {
  if (!t) return [];
  return t.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((s) => s.trim());
}
