import type { Resolver } from './evaluate.js';

/*
 * The methods and functions expressions may call — a fixed list, never a lookup on JavaScript
 * objects (so `constructor`, `__proto__` and the like cannot be reached):
 * - functions: `now()` (a Date), `dateTime()` (a Joda-like DateTime), `S(x)` (Spin: Json text
 *   parsed, anything else as is);
 * - strings, numbers, lists and maps as Java's String, Number, List and Map expose them;
 * - Spin's JSON node methods on Json values (`prop`, `elements`, `numberValue`, …): a Json variable
 *   is already a plain value here, so they work on plain values;
 * - dates: `getTime`, `before`, `after`; DateTime: `plusDays`…`minusYears`, `toDate`, `isBefore`…;
 * - `execution.getVariable('x')` and friends on the execution the resolver names `execution`.
 * Calendar arithmetic is in UTC.
 */

export class MethodError extends Error {}

/** The clock's "now", when the resolver provides it (the engine's, so tests can move it). */
export const NOW = '\u0000now';

/** Joda's DateTime, as `dateTime()` returns it in Camunda. */
export class DateTime {
  constructor(private readonly ms: number) {}
  getTime(): number {
    return this.ms;
  }
  toString(): string {
    return new Date(this.ms).toISOString();
  }
  private shift(unit: string, n: number): DateTime {
    const d = new Date(this.ms);
    switch (unit) {
      case 'Years':
        d.setUTCFullYear(d.getUTCFullYear() + n);
        break;
      case 'Months':
        d.setUTCMonth(d.getUTCMonth() + n);
        break;
      case 'Weeks':
        d.setUTCDate(d.getUTCDate() + 7 * n);
        break;
      case 'Days':
        d.setUTCDate(d.getUTCDate() + n);
        break;
      case 'Hours':
        return new DateTime(this.ms + n * 3_600_000);
      case 'Minutes':
        return new DateTime(this.ms + n * 60_000);
      case 'Seconds':
        return new DateTime(this.ms + n * 1000);
      default:
        throw new MethodError(`DateTime has no unit ${unit}`);
    }
    return new DateTime(d.getTime());
  }
  call(method: string, args: unknown[]): unknown {
    const m = /^(plus|minus)(Years|Months|Weeks|Days|Hours|Minutes|Seconds)$/.exec(method);
    if (m) return this.shift(m[2]!, (m[1] === 'plus' ? 1 : -1) * int(args[0], method));
    const d = new Date(this.ms);
    switch (method) {
      case 'toDate':
        return d;
      case 'getMillis':
        return this.ms;
      case 'isBefore':
        return this.ms < timeOf(args[0], method);
      case 'isAfter':
        return this.ms > timeOf(args[0], method);
      case 'isEqual':
        return this.ms === timeOf(args[0], method);
      case 'getYear':
        return d.getUTCFullYear();
      case 'getMonthOfYear':
        return d.getUTCMonth() + 1;
      case 'getDayOfMonth':
        return d.getUTCDate();
      case 'getDayOfWeek':
        return d.getUTCDay() === 0 ? 7 : d.getUTCDay(); // Joda: Monday 1 … Sunday 7
      case 'getHourOfDay':
        return d.getUTCHours();
      case 'withTimeAtStartOfDay':
        return new DateTime(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      case 'toString':
        return this.toString();
      default:
        throw new MethodError(`Method '${method}' not found on a DateTime`);
    }
  }
}

/** The execution facade expressions see as `execution`. */
export interface ExecutionFacade {
  readonly __execution: true;
  id: string;
  processInstanceId: string;
  processDefinitionId: string;
  activityId: string | null;
  businessKey: string | null;
  /** Present in listeners only: `setVariable(…)` calls collected, applied after evaluation. */
  writes?: { name: string; value: unknown; local: boolean }[];
}

function int(v: unknown, method: string): number {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw new MethodError(`${method} needs an integer argument`);
  return n;
}

function timeOf(v: unknown, method: string): number {
  if (v instanceof Date) return v.getTime();
  if (v instanceof DateTime) return v.getTime();
  throw new MethodError(`${method} needs a date argument`);
}

function now(resolve: Resolver): Date {
  const r = resolve(NOW);
  return r.found && r.value instanceof Date ? r.value : new Date();
}

function argCount(method: string, args: unknown[], n: number): void {
  if (args.length !== n)
    throw new MethodError(`Method '${method}' takes ${n} argument(s), got ${args.length}`);
}

const str = (v: unknown) => (v === null || v === undefined ? 'null' : String(v));

export function callFunction(name: string, args: unknown[], resolve: Resolver): unknown {
  switch (name) {
    case 'now':
      argCount(name, args, 0);
      return now(resolve);
    case 'dateTime':
      argCount(name, args, 0);
      return new DateTime(now(resolve).getTime());
    case 'S': {
      argCount(name, args, 1);
      const v = args[0];
      if (typeof v !== 'string') return v;
      try {
        return JSON.parse(v) as unknown;
      } catch {
        throw new MethodError(`S(): not JSON text`);
      }
    }
    default:
      throw new MethodError(`Unknown function '${name}()' (supported: now, dateTime, S)`);
  }
}

export function callMethod(target: unknown, method: string, args: unknown[], resolve: Resolver): unknown {
  if (target === null || target === undefined) throw new MethodError(`Cannot call '${method}' on null`);
  if (target instanceof DateTime) return target.call(method, args);
  if (isExecution(target)) return executionMethod(target, method, args, resolve);
  if (isTask(target)) return taskMethod(target, method, args, resolve);
  if (target instanceof Date) {
    switch (method) {
      case 'getTime':
        return target.getTime();
      case 'before':
        return target.getTime() < timeOf(args[0], method);
      case 'after':
        return target.getTime() > timeOf(args[0], method);
      case 'toString':
        return target.toISOString();
    }
  }
  // Spin JSON node methods, on any Json-like value.
  switch (method) {
    case 'prop': {
      argCount(method, args, 1);
      if (typeof target !== 'object' || Array.isArray(target) || target instanceof Date)
        throw new MethodError(`prop(): not a JSON object`);
      const key = str(args[0]);
      if (!Object.hasOwn(target, key)) throw new MethodError(`Unable to find '${key}'`);
      return (target as Record<string, unknown>)[key];
    }
    case 'hasProp':
      return typeof target === 'object' && !Array.isArray(target) && Object.hasOwn(target, str(args[0]));
    case 'elements':
      if (!Array.isArray(target)) throw new MethodError(`elements(): not a JSON array`);
      return target;
    case 'numberValue':
      if (typeof target !== 'number') throw new MethodError(`numberValue(): not a JSON number`);
      return target;
    case 'stringValue':
      if (typeof target !== 'string') throw new MethodError(`stringValue(): not a JSON string`);
      return target;
    case 'boolValue':
      if (typeof target !== 'boolean') throw new MethodError(`boolValue(): not a JSON boolean`);
      return target;
    case 'isNull':
      return false;
    case 'isArray':
      return Array.isArray(target);
    case 'isObject':
      return typeof target === 'object' && !Array.isArray(target);
    case 'isString':
      return typeof target === 'string';
    case 'isNumber':
      return typeof target === 'number';
    case 'isBoolean':
      return typeof target === 'boolean';
    case 'value':
      return target;
    case 'toString':
      // A JSON node's text, as Spin's toString() writes it (a string or number is handled below).
      if (typeof target === 'object') return JSON.stringify(target);
      break;
  }
  if (typeof target === 'string') return stringMethod(target, method, args);
  if (typeof target === 'number') {
    switch (method) {
      case 'intValue':
      case 'longValue':
        return Math.trunc(target);
      case 'doubleValue':
        return target;
      case 'toString':
        return String(target);
    }
  }
  if (Array.isArray(target)) {
    switch (method) {
      case 'size':
        return target.length;
      case 'isEmpty':
        return target.length === 0;
      case 'contains':
        return target.some((x) => JSON.stringify(x) === JSON.stringify(args[0]));
      case 'get': {
        const i = int(args[0], method);
        if (i < 0 || i >= target.length) throw new MethodError(`Index ${i} out of bounds`);
        return target[i];
      }
    }
  }
  if (typeof target === 'object' && !Array.isArray(target)) {
    const map = target as Record<string, unknown>;
    switch (method) {
      case 'size':
        return Object.keys(map).length;
      case 'isEmpty':
        return Object.keys(map).length === 0;
      case 'containsKey':
        return Object.hasOwn(map, str(args[0]));
      case 'get':
        return Object.hasOwn(map, str(args[0])) ? map[str(args[0])] : null;
    }
  }
  throw new MethodError(`Method '${method}' not found`);
}

function stringMethod(s: string, method: string, args: unknown[]): unknown {
  switch (method) {
    case 'length':
      return s.length;
    case 'isEmpty':
      return s.length === 0;
    case 'trim':
      return s.trim();
    case 'toUpperCase':
      return s.toUpperCase();
    case 'toLowerCase':
      return s.toLowerCase();
    case 'contains':
      return s.includes(str(args[0]));
    case 'startsWith':
      return s.startsWith(str(args[0]));
    case 'endsWith':
      return s.endsWith(str(args[0]));
    case 'equals':
      return s === args[0];
    case 'equalsIgnoreCase':
      return typeof args[0] === 'string' && s.toLowerCase() === args[0].toLowerCase();
    case 'indexOf':
      return s.indexOf(str(args[0]));
    case 'substring':
      return args.length > 1
        ? s.substring(int(args[0], method), int(args[1], method))
        : s.substring(int(args[0], method));
    case 'replace':
      argCount(method, args, 2);
      return s.split(str(args[0])).join(str(args[1]));
    case 'concat':
      return s + str(args[0]);
    case 'split':
      // A literal separator (Java takes a regex; models use plain separators such as ",").
      return s.split(str(args[0]));
    case 'toString':
      return s;
    default:
      throw new MethodError(`Method '${method}' not found on a String`);
  }
}

/** The task a task listener expression sees as `task` (Camunda's DelegateTask, read-mostly). */
export interface TaskFacade {
  readonly __task: true;
  id: string;
  name: string | null;
  description: string | null;
  assignee: string | null;
  owner: string | null;
  taskDefinitionKey: string;
  priority: number;
  dueDate: Date | null;
  followUpDate: Date | null;
  processInstanceId: string;
  executionId: string;
  /** `setVariable(…)` calls collected, applied after evaluation (on the task's execution). */
  writes: NonNullable<ExecutionFacade['writes']>;
}

function isTask(v: unknown): v is TaskFacade {
  return typeof v === 'object' && v !== null && (v as { __task?: unknown }).__task === true;
}

function taskMethod(t: TaskFacade, method: string, args: unknown[], resolve: Resolver): unknown {
  switch (method) {
    case 'getVariable':
    case 'getVariableLocal': {
      argCount(method, args, 1);
      const r = resolve(str(args[0]));
      return r.found ? r.value : null;
    }
    case 'hasVariable':
      return resolve(str(args[0])).found;
    case 'setVariable':
    case 'setVariableLocal':
      argCount(method, args, 2);
      t.writes.push({ name: str(args[0]), value: args[1], local: method === 'setVariableLocal' });
      return null;
  }
  const getter = TASK_GETTERS[method];
  if (getter) return t[getter];
  throw new MethodError(`Method '${method}' not found on the task`);
}
const TASK_GETTERS: Record<string, keyof TaskFacade> = {
  getId: 'id',
  getName: 'name',
  getDescription: 'description',
  getAssignee: 'assignee',
  getOwner: 'owner',
  getTaskDefinitionKey: 'taskDefinitionKey',
  getPriority: 'priority',
  getDueDate: 'dueDate',
  getFollowUpDate: 'followUpDate',
  getProcessInstanceId: 'processInstanceId',
  getExecutionId: 'executionId',
};

/**
 * JavaBean properties of the execution and the task, as JUEL reads them:
 * `execution.processBusinessKey` is `getProcessBusinessKey()` (the usual
 * `camunda:in businessKey="#{execution.processBusinessKey}"`), `task.name` is `getName()`.
 * Undefined for anything else.
 */
export function executionProperty(v: unknown, name: string): { value: unknown } | undefined {
  const getter = `get${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  if (isTask(v)) return TASK_GETTERS[getter] ? { value: v[TASK_GETTERS[getter]] } : undefined;
  if (!isExecution(v)) return undefined;
  if (!EXECUTION_GETTERS.has(getter)) return undefined;
  return { value: executionMethod(v, getter, [], () => ({ found: false })) };
}
const EXECUTION_GETTERS = new Set([
  'getId',
  'getProcessInstanceId',
  'getProcessDefinitionId',
  'getCurrentActivityId',
  'getActivityId',
  'getProcessBusinessKey',
  'getBusinessKey',
]);

export function isExecution(v: unknown): v is ExecutionFacade {
  return typeof v === 'object' && v !== null && (v as { __execution?: unknown }).__execution === true;
}

function executionMethod(e: ExecutionFacade, method: string, args: unknown[], resolve: Resolver): unknown {
  switch (method) {
    case 'getVariable': {
      argCount(method, args, 1);
      const r = resolve(str(args[0]));
      return r.found ? r.value : null;
    }
    case 'hasVariable':
      return resolve(str(args[0])).found;
    case 'setVariable':
    case 'setVariableLocal':
      argCount(method, args, 2);
      if (!e.writes) throw new MethodError(`${method} is only allowed in listener expressions`);
      e.writes.push({ name: str(args[0]), value: args[1], local: method === 'setVariableLocal' });
      return null;
    case 'getId':
      return e.id;
    case 'getProcessInstanceId':
      return e.processInstanceId;
    case 'getProcessDefinitionId':
      return e.processDefinitionId;
    case 'getCurrentActivityId':
    case 'getActivityId':
      return e.activityId;
    case 'getProcessBusinessKey':
    case 'getBusinessKey':
      return e.businessKey;
    default:
      throw new MethodError(`Method '${method}' not found on the execution`);
  }
}
