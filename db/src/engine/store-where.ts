import {
  And,
  In,
  IsNull,
  LessThan,
  LessThanOrEqual,
  Like,
  MoreThan,
  MoreThanOrEqual,
  Not,
  Or,
  Raw,
  type FindOperator,
} from 'typeorm';

/**
 * The store's vocabulary for `find`/`count`: plain objects of column conditions that the engine
 * writes without knowing typeorm, translated here into typeorm's find operators.
 */

export type EngineDialect = 'sqlite' | 'mysql';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EntityClass<T> = new (...args: any[]) => T;

/** Comparison operators for `find`/`count` beyond equality, null (IS NULL) and arrays (IN). */
export type WhereOp<V> =
  | { op: 'notNull' }
  /** Both bounds exclusive (Camunda's `…After` and `…Before` together). */
  | { op: 'between'; after: V; before: V }
  /** NULL counts as "not yet": unlocked, no due date. */
  | { op: 'nullOrLte' | 'nullOrGt'; value: V }
  /** Every one of the conditions (e.g. an inclusive range: gte and lte). */
  | { op: 'all'; of: (WhereOp<V> | V[])[] }
  | { op: 'lt' | 'lte' | 'gt' | 'gte'; value: V }
  | { op: 'like'; value: string }
  | { op: 'ne'; value: V }
  /**
   * A semi-join answered in the database: the value is in `column` of the `table` rows whose
   * columns equal `where` (e.g. the users of a group's memberships), never a list read first.
   * Table and column names come from code, never from a request. A condition is a value
   * (equality), null (IS NULL) or a comparison (a variable filter's `neq`, `like`).
   */
  | { op: 'inSelect'; table: string; column: string; where: Record<string, SelectCondition> };
export type SelectCondition = string | null | { op: 'notNull' } | { op: 'ne' | 'like'; value: string };
export type Where<T> = { [K in keyof T]?: T[K] | null | T[K][] | WhereOp<T[K]> };
export interface FindOptions<T> {
  order?: { [K in keyof T]?: 'ASC' | 'DESC' };
  skip?: number;
  take?: number;
}

/** Parameter names of `inSelect` semi-joins, unique within any statement. */
let inSelectParams = 0;

function inSelect(w: {
  table: string;
  column: string;
  where: Record<string, SelectCondition>;
}): FindOperator<unknown> {
  const params: Record<string, string> = {};
  const conds = Object.entries(w.where).map(([col, cond]) => {
    if (cond === null) return `${col} IS NULL`;
    if (typeof cond === 'object' && cond.op === 'notNull') return `${col} IS NOT NULL`;
    const name = `insel${(inSelectParams = (inSelectParams + 1) % 1_000_000)}`;
    if (typeof cond === 'string') {
      params[name] = cond;
      return `${col} = :${name}`;
    }
    const { op, value } = cond as { op: 'ne' | 'like'; value: string };
    params[name] = value;
    return `${col} ${op === 'ne' ? '<>' : 'LIKE'} :${name}`;
  });
  return Raw(
    (alias) => `${alias} IN (SELECT ${w.column} FROM ${w.table} WHERE ${conds.join(' AND ')})`,
    params,
  );
}

function toFindOperator(value: unknown): unknown {
  if (value === null) return IsNull();
  if (Array.isArray(value)) return In(value);
  if (value && typeof value === 'object' && 'op' in value && !(value instanceof Date)) {
    const w = value as { op: string; value?: unknown; after?: unknown; before?: unknown; of?: unknown[] };
    switch (w.op) {
      case 'all':
        return And(...(w.of ?? []).map((c) => toFindOperator(c) as FindOperator<unknown>));
      case 'between':
        return And(MoreThan(w.after), LessThan(w.before));
      case 'nullOrLte':
        return Or(IsNull(), LessThanOrEqual(w.value));
      case 'nullOrGt':
        return Or(IsNull(), MoreThan(w.value));
      case 'notNull':
        return Not(IsNull());
      case 'lt':
        return LessThan(w.value);
      case 'lte':
        return LessThanOrEqual(w.value);
      case 'gt':
        return MoreThan(w.value);
      case 'gte':
        return MoreThanOrEqual(w.value);
      case 'like':
        return Like(w.value);
      case 'ne':
        return Not(w.value);
      case 'inSelect':
        return inSelect(
          value as unknown as { table: string; column: string; where: Record<string, SelectCondition> },
        );
    }
  }
  return value;
}

export function toFindWhere<T>(where: Where<T>): Record<string, unknown | FindOperator<unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(where)) if (v !== undefined) out[k] = toFindOperator(v);
  return out;
}
