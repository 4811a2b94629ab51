import { compileExpression, ExpressionError, isExpression } from '../../expressions/index.js';
import { checkTimerText } from '../../jobs/timer-schedule.js';
import type { IoMapping, IoParameter, IoValue, TimerDefinition } from '../model.js';

/** Reading the untyped moddle object graph, and the definitions shared by several element families. */
// The moddle object graph is untyped; these helpers read it defensively.
export type El = Record<string, unknown> & { $type: string; id?: string; $attrs?: Record<string, string> };
export const list = (v: unknown): El[] => (Array.isArray(v) ? (v as El[]) : []);
export const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
/** A camunda: attribute, whether moddle bound it to a property or left it in $attrs. */
export const cam = (el: El, name: string): string | null => {
  const v = el[name] ?? el.$attrs?.[`camunda:${name}`];
  if (v === undefined || v === null) return null;
  return String(v);
};

/** The literal name of a referenced bpmn:Message; correlation needs one. */
export function messageNameOf(
  message: El | undefined,
  el: El,
  problem: (m: string, el?: El) => void,
): string | null {
  const name = str(message?.name);
  if (!name) {
    problem(`Element '${el.id}' waits for a message but references no bpmn:message with a name`, el);
    return null;
  }
  if (/[$#]\{/.test(name)) {
    problem(`Element '${el.id}': message names with expressions are not supported ('${name}')`, el);
    return null;
  }
  return name;
}

/**
 * Execution listeners of a process or sequence flow (whose other extensions we do not read): only
 * `expression` listeners on the given events; anything else is refused, naming the element.
 */
export function expressionListeners(
  el: El,
  events: string[],
  problem: (m: string, el?: El) => void,
): { event: string; expression: string }[] {
  const out: { event: string; expression: string }[] = [];
  for (const ext of list((el.extensionElements as El | undefined)?.values)) {
    if (ext.$type !== 'camunda:ExecutionListener') continue;
    const expression = str(ext.expression);
    const event = str(ext.event) ?? '';
    if (!expression) problem(`Element '${el.id}': only expression listeners are run by this engine`, el);
    else if (!events.includes(event))
      problem(
        `Element '${el.id}': execution listener event '${event}' is not supported here (${events.join(', ')})`,
        el,
      );
    else {
      try {
        compileExpression(expression);
        out.push({ event, expression });
      } catch (err) {
        if (err instanceof ExpressionError) problem(`Invalid listener on '${el.id}': ${err.message}`, el);
        else throw err;
      }
    }
  }
  return out;
}

/** A bpmn:conditionalEventDefinition: its `${…}` condition and camunda:variableName/variableEvents. */
export function conditionalOf(def: El, el: El, problem: (m: string, el?: El) => void) {
  const condition = str((def.condition as El | undefined)?.body)?.trim() ?? null;
  if (!condition) {
    problem(`Conditional event '${el.id}' has no condition`, el);
    return null;
  }
  try {
    compileExpression(condition);
  } catch (err) {
    if (err instanceof ExpressionError) problem(`Invalid condition on '${el.id}': ${err.message}`, el);
    else throw err;
  }
  const events = cam(def, 'variableEvents');
  return {
    condition,
    variableName: cam(def, 'variableName'),
    variableEvents: events
      ? events
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean)
      : [],
  };
}

/** The literal name of a referenced bpmn:Signal. */
export function signalNameOf(
  signal: El | undefined,
  el: El,
  problem: (m: string, el?: El) => void,
): string | null {
  const name = str(signal?.name);
  if (!name) {
    problem(`Element '${el.id}' references no bpmn:signal with a name`, el);
    return null;
  }
  if (/[$#]\{/.test(name)) {
    problem(`Element '${el.id}': signal names with expressions are not supported ('${name}')`, el);
    return null;
  }
  return name;
}

/** A bpmn:timerEventDefinition → its one time (date, duration or cycle), checked when literal. */
export function timerDefinitionOf(
  def: El,
  el: El,
  problem: (m: string, el?: El) => void,
): TimerDefinition | null {
  const found = (['timeDate', 'timeDuration', 'timeCycle'] as const).filter((k) => def[k] !== undefined);
  if (found.length !== 1) {
    problem(`Timer event '${el.id}' needs exactly one of timeDate, timeDuration or timeCycle`, el);
    return null;
  }
  const kind = found[0]!;
  const expression = str((def[kind] as El | undefined)?.body)?.trim() ?? null;
  if (!expression) {
    problem(`Timer event '${el.id}': ${kind} is empty`, el);
    return null;
  }
  const error = checkTimerText(kind, expression);
  if (error) problem(`Timer event '${el.id}': ${error}`, el);
  return { kind, expression };
}

/** `camunda:inputOutput` → input and output parameters; scripts are refused. */
export function ioMappingOf(ext: El, el: El, problem: (m: string, el?: El) => void): IoMapping {
  const valueOf = (p: El): IoValue => {
    const def = p.definition as El | undefined;
    if (def) return definitionOf(def);
    const text = typeof p.value === 'string' ? p.value : null;
    return text === null ? { kind: 'null' } : { kind: 'text', text: text.trim() };
  };
  const definitionOf = (def: El): IoValue => {
    switch (def.$type) {
      case 'camunda:List':
        return {
          kind: 'list',
          items: list(def.items).map((i) => (i.$type === 'camunda:Value' ? valueOf(i) : definitionOf(i))),
        };
      case 'camunda:Map':
        return {
          kind: 'map',
          entries: list(def.entries).map((e) => ({ key: String(e.key ?? ''), value: valueOf(e) })),
        };
      case 'camunda:Value':
        return valueOf(def);
      default:
        problem(
          `Element '${el.id}': ${def.$type} in camunda:inputOutput is not supported (scripts are not run)`,
          el,
        );
        return { kind: 'null' };
    }
  };
  const params = (ps: unknown): IoParameter[] =>
    list(ps).map((p) => ({ name: String(p.name ?? ''), value: valueOf(p) }));
  const io = { inputs: params(ext.inputParameters), outputs: params(ext.outputParameters) };
  const check = (v: IoValue) => {
    if (v.kind === 'text' && isExpression(v.text)) {
      try {
        compileExpression(v.text);
      } catch (err) {
        if (err instanceof ExpressionError)
          problem(`Invalid camunda:inputOutput expression on '${el.id}': ${err.message}`, el);
        else throw err;
      }
    } else if (v.kind === 'list') v.items.forEach(check);
    else if (v.kind === 'map') v.entries.forEach((e) => check(e.value));
  };
  for (const p of [...io.inputs, ...io.outputs]) {
    if (!p.name) problem(`Element '${el.id}': an input/output parameter has no name`, el);
    check(p.value);
  }
  return io;
}
