import { compileExpression } from '../expressions/index.js';
import type { DecisionModel, DecisionTableModel } from './parse-dmn.js';

/*
 * Evaluates a decision (and first the decisions it requires) against variables: decision tables
 * with FEEL unary tests in the input entries and FEEL output entries (feelin), input expressions in
 * FEEL unless the model says JUEL. A required decision's single result adds its outputs to the
 * context; several results add each output as a list, as Camunda does.
 */

export type DecisionResult = Record<string, unknown>[];

/**
 * A number output's Java type as its `typeRef` makes it (Camunda's integer/long/double data type
 * transformers: `typeRef="double"` answers 15 as a Double). Kept beside a result row, not in it
 * (a non-enumerable property), so rows stay plain name → value maps everywhere else.
 */
export type NumberType = 'Integer' | 'Long' | 'Double';
const NUMBER_TYPE_REFS: Record<string, NumberType> = { integer: 'Integer', long: 'Long', double: 'Double' };
const NUMBER_TYPES = Symbol('numberTypes');

function withNumberTypes(row: Record<string, unknown>, types: Record<string, NumberType>) {
  if (Object.keys(types).length > 0) Object.defineProperty(row, NUMBER_TYPES, { value: types });
  return row;
}

/** The Java number type of one output of a result row, when its typeRef names one. */
export function numberTypeOf(row: Record<string, unknown>, name: string): NumberType | undefined {
  return (row as { [NUMBER_TYPES]?: Record<string, NumberType> })[NUMBER_TYPES]?.[name];
}

/**
 * What one evaluation saw and decided, for the decision history: the input values, and the
 * outputs of each rule that made the result (all matched rules for a COLLECT aggregation, whose
 * aggregate is `collectResultValue`). A literal expression has one output without a rule.
 */
export interface DecisionTrace {
  key: string;
  inputs: { clauseId: string; clauseName: string | null; value: unknown }[];
  outputs: {
    clauseId: string;
    clauseName: string | null;
    ruleId: string | null;
    ruleOrder: number | null;
    variableName: string;
    value: unknown;
  }[];
  collectResultValue: number | null;
}

export class DecisionEvaluationError extends Error {}

// feelin (with its FEEL grammar and Temporal polyfill) is loaded by the first evaluation, not at
// engine start: most installations evaluate no decision, and it would sit in every engine
// process's memory (bench/RESULTS.md, memory). Callers await loadFeel() before evaluateDecision.
let feelin: typeof import('feelin') | null = null;

/** Loads FEEL once; evaluateDecision needs it. */
export async function loadFeel(): Promise<void> {
  feelin ??= await import('feelin');
}

function feelLoaded(): typeof import('feelin') {
  if (!feelin) throw new Error('FEEL is not loaded: await loadFeel() before evaluating a decision');
  return feelin;
}

const isJuel = (language: string | null) => !!language && /^(juel|jue|\$\{\})$/i.test(language);

function feel(expression: string, context: Record<string, unknown>, what: string): unknown {
  try {
    return feelLoaded().evaluate(expression, context).value ?? null;
  } catch (err) {
    throw new DecisionEvaluationError(`FEEL ${what} '${expression}' failed: ${(err as Error).message}`);
  }
}

function juel(expression: string, context: Record<string, unknown>): unknown {
  const src = /[$#]\{/.test(expression) ? expression : `\${${expression}}`;
  return compileExpression(src).evaluate((name) =>
    Object.hasOwn(context, name) ? { found: true, value: context[name] } : { found: false },
  );
}

/**
 * `traces`, when given, receives one DecisionTrace per evaluated decision: required decisions
 * first, the decision asked for last.
 */
export function evaluateDecision(
  decisions: ReadonlyMap<string, DecisionModel>,
  key: string,
  variables: Record<string, unknown>,
  traces?: DecisionTrace[],
): DecisionResult {
  const decision = decisions.get(key);
  if (!decision) throw new DecisionEvaluationError(`No decision '${key}'`);
  const context: Record<string, unknown> = { ...variables };
  for (const required of decision.requiredDecisions) {
    const result = evaluateDecision(decisions, required, variables, traces);
    if (result.length === 1) Object.assign(context, result[0]);
    else if (result.length > 1)
      for (const name of Object.keys(result[0]!)) context[name] = result.map((r) => r[name] ?? null);
  }
  const logic = decision.logic;
  if (logic.kind === 'literal') {
    const value = isJuel(logic.language)
      ? juel(logic.expression, context)
      : feel(logic.expression, context, 'expression');
    traces?.push({
      key,
      inputs: [],
      outputs: [
        {
          clauseId: '',
          clauseName: null,
          ruleId: null,
          ruleOrder: null,
          variableName: logic.variableName,
          value,
        },
      ],
      collectResultValue: null,
    });
    return [{ [logic.variableName]: value }];
  }
  const trace: DecisionTrace | undefined = traces
    ? { key, inputs: [], outputs: [], collectResultValue: null }
    : undefined;
  const result = evaluateTable(key, logic, context, trace);
  if (trace) traces!.push(trace);
  return result;
}

function evaluateTable(
  key: string,
  t: DecisionTableModel,
  context: Record<string, unknown>,
  trace?: DecisionTrace,
): DecisionResult {
  const inputValues = t.inputs.map((i) =>
    i.expression === ''
      ? null
      : isJuel(i.language)
        ? juel(i.expression, context)
        : feel(i.expression, context, 'input expression'),
  );
  if (trace)
    trace.inputs = t.inputs.map((i, n) => ({ clauseId: i.id, clauseName: i.label, value: inputValues[n] }));
  return applyHitPolicy(key, t, context, inputValues, trace);
}

/** The matched rules' outputs under the table's hit policy; `trace` gets the rules that made it. */
function applyHitPolicy(
  key: string,
  t: DecisionTableModel,
  context: Record<string, unknown>,
  inputValues: unknown[],
  trace?: DecisionTrace,
): DecisionResult {
  const matched = t.rules.filter((rule) =>
    rule.inputEntries.every((entry, i) => {
      if (entry === '' || entry === '-') return true;
      const input = t.inputs[i]!;
      const scope = { ...context, [input.inputVariable]: inputValues[i], '?': inputValues[i] };
      try {
        return feelLoaded().unaryTest(entry, scope).value === true;
      } catch (err) {
        throw new DecisionEvaluationError(
          `Decision '${key}', rule '${rule.id}': input entry '${entry}' failed: ${(err as Error).message}`,
        );
      }
    }),
  );
  const outputsOf = (rule: DecisionTableModel['rules'][number]) => {
    const out: Record<string, unknown> = {};
    const types: Record<string, NumberType> = {};
    rule.outputEntries.forEach((entry, i) => {
      const name = t.outputs[i]?.name || `output${i}`;
      out[name] = entry === '' ? null : feel(entry, context, 'output entry');
      const type = NUMBER_TYPE_REFS[t.outputs[i]?.typeRef?.toLowerCase() ?? ''];
      if (type && typeof out[name] === 'number') types[name] = type;
    });
    return withNumberTypes(out, types);
  };
  const results = matched.map(outputsOf);
  // Which rule made each result entry (entries are kept or reordered, never copied).
  const traced = (chosen: DecisionResult): DecisionResult => {
    if (trace)
      for (const entry of chosen) {
        const rule = matched[results.indexOf(entry)];
        if (!rule) continue;
        t.outputs.forEach((o, i) =>
          trace.outputs.push({
            clauseId: o.id,
            clauseName: o.label,
            ruleId: rule.id,
            ruleOrder: t.rules.indexOf(rule) + 1,
            variableName: o.name || `output${i}`,
            value: entry[o.name || `output${i}`] ?? null,
          }),
        );
      }
    return chosen;
  };
  const decided = decideByHitPolicy(key, t, results, matched);
  if (t.hitPolicy === 'COLLECT' && t.aggregation) {
    traced(results);
    if (trace) {
      const v = decided[0] ? Object.values(decided[0])[0] : null;
      trace.collectResultValue = typeof v === 'number' ? v : null;
    }
    return decided;
  }
  return traced(decided);
}

function decideByHitPolicy(
  key: string,
  t: DecisionTableModel,
  results: DecisionResult,
  matched: DecisionTableModel['rules'],
): DecisionResult {
  switch (t.hitPolicy) {
    case 'UNIQUE':
      if (results.length > 1)
        throw new DecisionEvaluationError(
          `DMN-03001 Hit policy 'UNIQUE' only allows a single rule to match. Actually match rules: ${matched.map((r) => r.id).join(', ')}.`,
        );
      return results;
    case 'FIRST':
      return results.slice(0, 1);
    case 'ANY': {
      const distinct = new Set(results.map((r) => JSON.stringify(r)));
      if (distinct.size > 1)
        throw new DecisionEvaluationError(
          `DMN-03002 Hit policy 'ANY' only allows multiple matching rules with equal output. Matching rules: ${matched.map((r) => r.id).join(', ')}.`,
        );
      return results.slice(0, 1);
    }
    case 'PRIORITY':
      return byOutputOrder(t, results).slice(0, 1);
    case 'OUTPUT ORDER':
      return byOutputOrder(t, results);
    case 'RULE ORDER':
      return results;
    case 'COLLECT': {
      if (!t.aggregation) return results;
      const name = t.outputs[0]!.name;
      const values = results.map((r) => r[name]).filter((v) => v !== null && v !== undefined);
      if (t.aggregation === 'COUNT') return [{ [name]: values.length }];
      if (values.length === 0) return [];
      const nums = values.map((v) => {
        if (typeof v !== 'number')
          throw new DecisionEvaluationError(`Decision '${key}': ${t.aggregation} needs numbers`);
        return v;
      });
      const value =
        t.aggregation === 'SUM'
          ? nums.reduce((a, b) => a + b, 0)
          : t.aggregation === 'MIN'
            ? Math.min(...nums)
            : Math.max(...nums);
      return [{ [name]: value }];
    }
    default:
      throw new DecisionEvaluationError(`Hit policy '${t.hitPolicy}' is not supported`);
  }
}

/** PRIORITY / OUTPUT ORDER: by the position of each output's value in its output values, output by output. */
function byOutputOrder(t: DecisionTableModel, results: DecisionResult): DecisionResult {
  const rank = (r: Record<string, unknown>) =>
    t.outputs.map((o) => {
      const i = o.values.findIndex(
        (v) => JSON.stringify(r[o.name]) === (v.startsWith('"') ? v : JSON.stringify(Number(v))),
      );
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    });
  return [...results].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return 0;
  });
}
