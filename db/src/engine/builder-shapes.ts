import type { DataSource, EntityMetadata, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils.js';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { DateUtils } from 'typeorm/util/DateUtils.js';
import type { EngineDialect } from './store-where.js';

/**
 * The engine's hot SELECTs that need more than statement-shapes.ts's vocabulary (the task-list
 * query with its semi-joins, fetchAndLock's candidate and lock reads) without paying for TypeORM's
 * query builder on every call (issue 15: `getQuery`, `replacePropertyNamesForTheWholeQuery`,
 * escaping and RawSqlResultsToEntityTransformer cost 6-8 % of the engine's busy CPU).
 *
 * The builder still writes each statement, once per SHAPE: the caller names the shape by a key made
 * of what changes the text (the conditions' own texts with their `:named` parameters, the sort, the
 * paging — never the values; IN lists are keyed by length here). The first call of a shape builds
 * it with TypeORM and keeps the final text and the order in which its named parameters became `?`;
 * every later call only lays its values out in that order, converted as the driver's
 * `escapeQueryWithParameters` converts them, and hydrates the rows as the transformer does
 * (`metadata.create()`, then `prepareHydratedValue` per selected column, one entity per id).
 *
 * Values TypeORM splices into the text (numbers on SQLite, functions) are never cached: such a call
 * returns null and the caller runs its builder, as it does for a shape that selects anything but
 * the main alias's own columns.
 */

/** A ready SELECT: its text, its parameters and how its raw rows become entities. */
export interface BuiltSelect<T> {
  sql: string;
  parameters: unknown[];
  hydrate(raw: Record<string, unknown>[]): T[];
}

interface Compiled {
  sql: string;
  /** The named parameters in the order they became `?`, and whether each was an IN list. */
  names: { name: string; spread: boolean }[];
  metadata: EntityMetadata;
  /** The raw column alias and metadata of every selected column, as the transformer reads them. */
  columns: [string, ColumnMetadata][];
  /** The raw alias of the primary key (rows are grouped by it), if selected. */
  idAlias: string | null;
}

/** Shapes per DataSource; a cache that outgrows this starts over (literal LIMITs make keys many). */
const MAX_SHAPES = 512;
const compiled = new WeakMap<DataSource, Map<string, Compiled>>();

/** Per DataSource: calls answered from a cached text, and calls left to the builder (tests read them). */
const stats = new WeakMap<DataSource, { cached: number; fallbacks: number }>();

/** How often the DataSource's shaped selects ran from cached texts and how often they fell back. */
export function builderShapeStats(connection: DataSource): { cached: number; fallbacks: number } {
  return { ...(stats.get(connection) ?? { cached: 0, fallbacks: 0 }) };
}

/** The same pattern TypeORM's MySQL and SQLite drivers replace. */
const PARAMETER = /:(\.\.\.)?([A-Za-z0-9_.]+)/g;

export class BuilderShapes {
  constructor(
    private readonly connection: DataSource,
    private readonly dialect: EngineDialect,
    /** 'builder': every call returns null, so the caller's builder runs (the comparison tests). */
    private readonly texts: 'cached' | 'builder' = 'cached',
  ) {}

  /**
   * The statement `build()` would run, for `params` (the builder's own parameters, the same
   * object in the same insertion order for every call of a shape), or null when the builder must
   * run it itself.
   */
  select<T extends ObjectLiteral>(
    shape: string,
    params: Record<string, unknown>,
    build: () => SelectQueryBuilder<T>,
  ): BuiltSelect<T> | null {
    if (this.texts === 'builder') return null;
    const c = this.compiled(`entities|${shape}`, params, build, { entities: true });
    const parameters = c && this.parameters(c.names, params);
    this.tally(parameters !== null);
    if (!c || !parameters) return null;
    return { sql: c.sql, parameters, hydrate: (raw) => this.hydrate<T>(c, raw) };
  }

  /** As select, for a builder read with getRawOne/getRawMany (its rows are used raw). */
  raw(
    shape: string,
    params: Record<string, unknown>,
    build: () => SelectQueryBuilder<ObjectLiteral>,
  ): { sql: string; parameters: unknown[] } | null {
    if (this.texts === 'builder') return null;
    const c = this.compiled(`raw|${shape}`, params, build, { entities: false });
    const parameters = c && this.parameters(c.names, params);
    this.tally(parameters !== null);
    return c && parameters ? { sql: c.sql, parameters } : null;
  }

  private tally(cached: boolean): void {
    let s = stats.get(this.connection);
    if (!s) stats.set(this.connection, (s = { cached: 0, fallbacks: 0 }));
    if (cached) s.cached += 1;
    else s.fallbacks += 1;
  }

  private compiled<T extends ObjectLiteral>(
    shape: string,
    params: Record<string, unknown>,
    build: () => SelectQueryBuilder<T>,
    options: { entities: boolean },
  ): Compiled | null {
    let key = shape;
    for (const name in params) {
      const v = params[name];
      if (Array.isArray(v)) key += `|${name}:${v.length}`;
    }
    let byShape = compiled.get(this.connection);
    if (!byShape) compiled.set(this.connection, (byShape = new Map()));
    let c = byShape.get(key);
    if (!c) {
      const made = this.compile(build(), params, options);
      if (!made) return null;
      if (byShape.size >= MAX_SHAPES) byShape.clear();
      byShape.set(key, (c = made));
    }
    return c;
  }

  private compile<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    params: Record<string, unknown>,
    options: { entities: boolean },
  ): Compiled | null {
    const map = qb.expressionMap;
    const alias = map.mainAlias;
    if (!alias?.hasMetadata) return null;
    const metadata = alias.metadata;
    if (metadata.relations.length || metadata.embeddeds.length || metadata.childEntityMetadatas.length)
      return null;
    if (map.joinAttributes.some((j) => j.isSelected) || map.relationIdAttributes.length) return null;
    const text = qb.getQuery();
    const builderParams = qb.getParameters();
    const names: { name: string; spread: boolean }[] = [];
    for (const m of text.matchAll(PARAMETER)) {
      const name = m[2]!;
      if (!Object.prototype.hasOwnProperty.call(builderParams, name)) continue;
      // The caller's values must be the builder's: later calls pass only them.
      if (!Object.prototype.hasOwnProperty.call(params, name)) return null;
      names.push({ name, spread: m[1] !== undefined });
    }
    // The text with this call's values gives the final text (the IN lists' lengths are in the key).
    const [sql] = this.connection.driver.escapeQueryWithParameters(text, builderParams);
    if (!this.parameters(names, params)) return null;
    const selections = new Set(map.selects.map((s) => s.selection));
    const columns = metadata.columns
      .filter(
        (column) =>
          !column.isVirtual &&
          (selections.has(alias.name) || selections.has(`${alias.name}.${column.propertyPath}`)),
      )
      .map((column): [string, ColumnMetadata] => [this.alias(alias.name, column.databaseName), column]);
    if (options.entities && (columns.length === 0 || metadata.primaryColumns.length !== 1)) return null;
    const primary = metadata.primaryColumns[0];
    const idAlias =
      primary && columns.some(([, c]) => c === primary) ? this.alias(alias.name, primary.databaseName) : null;
    return { sql, names, metadata, columns, idAlias };
  }

  /** The values in text order, as the driver's escapeQueryWithParameters binds them; null if it would splice one. */
  private parameters(names: Compiled['names'], params: Record<string, unknown>): unknown[] | null {
    const out: unknown[] = [];
    for (const { name, spread } of names) {
      const value = params[name];
      if (spread) {
        if (!Array.isArray(value)) return null;
        for (const v of value) out.push(v);
        continue;
      }
      if (typeof value === 'function' || Array.isArray(value)) return null;
      if (this.dialect === 'sqlite') {
        if (typeof value === 'number') return null;
        if (typeof value === 'boolean') {
          out.push(+value);
          continue;
        }
        if (value instanceof Date) {
          out.push(DateUtils.mixedDateToUtcDatetimeString(value));
          continue;
        }
      }
      out.push(value);
    }
    return out;
  }

  /** The entities of the raw rows, as RawSqlResultsToEntityTransformer makes them. */
  private hydrate<T>(c: Compiled, raw: Record<string, unknown>[]): T[] {
    const driver = this.connection.driver;
    const rows = c.idAlias === null ? raw : firstPerId(raw, c.idAlias);
    const out: T[] = [];
    for (const r of rows) {
      const entity = c.metadata.create(undefined, { fromDeserializer: true }) as ObjectLiteral;
      let hasData = false;
      for (const [key, column] of c.columns) {
        const value = r[key];
        if (value === undefined) continue;
        if (value !== null && !column.isVirtualProperty) hasData = true;
        column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
      }
      if (hasData) out.push(entity as T);
    }
    return out;
  }

  private alias(aliasName: string, columnName: string): string {
    return DriverUtils.buildAlias(this.connection.driver, undefined, aliasName, columnName);
  }
}

/** The first row of each id, in first-seen order (the transformer groups the rows by primary key). */
function firstPerId(raw: Record<string, unknown>[], idAlias: string): Record<string, unknown>[] {
  const seen = new Set<unknown>();
  const out: Record<string, unknown>[] = [];
  for (const r of raw) {
    const id = r[idAlias];
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(r);
  }
  return out;
}
