import type { DataSource, EntityMetadata, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { DateUtils } from 'typeorm/util/DateUtils.js';
import type { EngineDialect, EntityClass, FindOptions, Where } from './store-where.js';

/**
 * The engine's hot statements without TypeORM's query builder (issue 15): building a statement
 * with `createQueryBuilder()` / `Repository.find` (alias resolution, `getQueryAndParameters`,
 * `replacePropertyNamesForTheWholeQuery`, escaping) cost about a quarter of the engine's busy CPU,
 * for texts that only ever differ in their values. Here each statement SHAPE — the entity, the
 * kind of statement, the columns it names and, for a where, the kind of each condition (never its
 * values) — is turned into SQL text once, from the entity's TypeORM metadata, and cached; each call
 * only converts its values into bound parameters (`?`, never spliced into the text).
 *
 * The values go through exactly the conversions TypeORM applies on that path, so the rows written
 * and the objects read are the same as through the builder:
 * - written column values: `driver.preparePersistentValue(value, column)` (booleans, datetimes …);
 * - then, on SQLite, AbstractSqliteDriver.escapeQueryWithParameters's: booleans as 0/1, Dates as
 *   UTC datetime text, and numbers — which TypeORM splices into the text as literals — bound as
 *   INTEGER (a BigInt) when whole, since better-sqlite3 binds a JS number as REAL (3.0 in a text
 *   column would read back '3.0', the literal gave '3');
 * - undefined in an INSERT: `DEFAULT` on MySQL; the column's default literal or NULL on SQLite,
 *   as TypeORM writes it (SQLite has no DEFAULT in VALUES);
 * - rows read: `metadata.create()`, then `driver.prepareHydratedValue(raw, column)` set on it.
 *
 * Anything this module does not cover (an entity with generated, version or date columns,
 * relations or embeddeds, a value that is an SQL function, a property that is no column, a where
 * operator beyond the simple ones) returns null, and EngineTx builds that statement with TypeORM
 * as before — including TypeORM's own errors for what it refuses.
 */

/** A ready statement: its text (shared by every call of its shape) and its bound parameters. */
export interface ShapedStatement {
  /** The table it writes or reads (the WriteQueue flushes before a read of it). */
  table: string;
  sql: string;
  parameters: unknown[];
  /** An INSERT's: where the text of its rows (`(…), (…)`) starts, after its column list. */
  valuesAt?: number;
}

/** A ready SELECT and how to turn its raw rows into entities. */
export interface ShapedSelect<T> extends ShapedStatement {
  hydrate(raw: Record<string, unknown>[]): T[];
}

/** IN lists longer than this are built each time, not cached (one shape per length otherwise). */
const MAX_CACHED_IN_LENGTH = 32;

/** Per entity metadata (one per DataSource and entity): its SQL texts by shape. */
const texts = new WeakMap<EntityMetadata, Map<string, string>>();

/** Whether the entity is plain columns only (the engine's all are), which this module covers. */
const plain = new WeakMap<EntityMetadata, boolean>();

export class StatementShapes {
  private readonly driver: DataSource['driver'];

  constructor(
    private readonly connection: DataSource,
    private readonly dialect: EngineDialect,
  ) {
    this.driver = connection.driver;
  }

  /** One INSERT of `rows`, every insertable column named, in metadata order (as TypeORM). */
  insert<T extends ObjectLiteral>(entity: EntityClass<T>, rows: readonly T[]): ShapedStatement | null {
    const metadata = this.plainMetadata(entity);
    if (!metadata || rows.length === 0) return null;
    const columns = metadata.columns.filter((c) => c.isInsert);
    const parameters: unknown[] = [];
    let key = 'insert';
    for (const row of rows) {
      key += '|';
      for (const column of columns) {
        const value = column.getEntityValue(row) as unknown;
        if (typeof value === 'function') return null;
        if (value === undefined) key += 'd';
        else {
          key += 'p';
          parameters.push(this.bind(this.driver.preparePersistentValue(value, column)));
        }
      }
    }
    const sql = this.cached(metadata, key, () => {
      const names = columns.map((c) => this.driver.escape(c.databaseName)).join(', ');
      const tuples = rows.map((row) => {
        const values = columns.map((c) =>
          c.getEntityValue(row) === undefined ? this.defaultLiteral(c) : '?',
        );
        return `(${values.join(', ')})`;
      });
      return `INSERT INTO ${this.table(metadata)}(${names}) VALUES ${tuples.join(', ')}`;
    });
    // Where its rows start: the write queue may append another INSERT's rows (see WriteQueue).
    return { table: metadata.tableName, sql, parameters, valuesAt: sql.indexOf(' VALUES (') + 8 };
  }

  /**
   * `UPDATE … SET <the defined properties of set> WHERE id = ? [AND rev = ?]`, columns in the
   * order of `set`'s keys (as TypeORM); `bumpRev` adds `rev = rev + 1` (history rows, unchecked).
   */
  update<T extends ObjectLiteral>(
    entity: EntityClass<T>,
    set: Record<string, unknown>,
    where: { id: string; rev?: number },
    options: { bumpRev: boolean } = { bumpRev: false },
  ): ShapedStatement | null {
    const metadata = this.plainMetadata(entity);
    if (!metadata) return null;
    const parameters: unknown[] = [];
    const assigned: ColumnMetadata[] = [];
    for (const property of Object.keys(set)) {
      const value = set[property];
      if (value === undefined) continue;
      if (typeof value === 'function') return null;
      const column = metadata.findColumnWithPropertyPath(property);
      if (!column) return null; // TypeORM's EntityPropertyNotFoundError, from the fallback
      if (!column.isUpdate || assigned.includes(column)) continue;
      assigned.push(column);
      parameters.push(this.bind(this.driver.preparePersistentValue(value, column)));
    }
    if (assigned.length === 0 && !options.bumpRev) return null; // TypeORM's UpdateValuesMissingError
    parameters.push(where.id);
    if (where.rev !== undefined) parameters.push(this.bind(where.rev));
    const key = `update|${assigned.map((c) => c.propertyName).join(',')}|${options.bumpRev}|${where.rev !== undefined}`;
    const sql = this.cached(metadata, key, () => {
      const sets = assigned.map((c) => `${this.driver.escape(c.databaseName)} = ?`);
      if (options.bumpRev) sets.push(`${this.driver.escape('rev')} = ${this.driver.escape('rev')} + 1`);
      return `UPDATE ${this.table(metadata)} SET ${sets.join(', ')} WHERE ${this.byIdAndRev(where)}`;
    });
    return { table: metadata.tableName, sql, parameters };
  }

  /** `DELETE … WHERE id = ? [AND rev = ?]`. */
  deleteById<T extends ObjectLiteral>(
    entity: EntityClass<T>,
    where: { id: string; rev?: number },
  ): ShapedStatement | null {
    const metadata = this.plainMetadata(entity);
    if (!metadata) return null;
    const parameters: unknown[] = [where.id];
    if (where.rev !== undefined) parameters.push(this.bind(where.rev));
    const sql = this.cached(
      metadata,
      `delete|${where.rev !== undefined}`,
      () => `DELETE FROM ${this.table(metadata)} WHERE ${this.byIdAndRev(where)}`,
    );
    return { table: metadata.tableName, sql, parameters };
  }

  /** `DELETE … WHERE <where>`; null for an empty where (TypeORM refuses to delete every row). */
  deleteWhere<T extends ObjectLiteral>(entity: EntityClass<T>, where: Where<T>): ShapedStatement | null {
    const metadata = this.plainMetadata(entity);
    const condition = metadata && this.where(metadata, where);
    if (!metadata || !condition || condition.key === '') return null;
    const sql = this.cached(
      metadata,
      `deleteWhere|${condition.key}`,
      () => `DELETE FROM ${this.table(metadata)} WHERE ${condition.text()}`,
      condition.cacheable,
    );
    return { table: metadata.tableName, sql, parameters: condition.parameters };
  }

  /** `SELECT <every column> … [WHERE …] [ORDER BY …] [LIMIT …]` and its hydration. */
  select<T extends ObjectLiteral>(
    entity: EntityClass<T>,
    where: Where<T>,
    options: FindOptions<T> & { columns?: readonly string[] } = {},
  ): ShapedSelect<T> | null {
    const metadata = this.plainMetadata(entity);
    const condition = metadata && this.where(metadata, where);
    if (!metadata || !condition) return null;
    const columns = options.columns
      ? options.columns.map((p) => metadata.findColumnWithPropertyPath(p))
      : metadata.columns;
    if (columns.some((c) => !c)) return null;
    const selected = columns as ColumnMetadata[];
    const order: [ColumnMetadata, 'ASC' | 'DESC'][] = [];
    for (const [property, direction] of Object.entries(options.order ?? {})) {
      const column = metadata.findColumnWithPropertyPath(property);
      if (!column || (direction !== 'ASC' && direction !== 'DESC')) return null;
      order.push([column, direction]);
    }
    const parameters = [...condition.parameters];
    // MySQL has no OFFSET without LIMIT: a first result alone reads to the end (as EngineTx.find).
    const take = options.take ?? (options.skip !== undefined ? 2 ** 31 - 1 : undefined);
    if (take !== undefined) parameters.push(this.bind(take));
    if (options.skip !== undefined) parameters.push(this.bind(options.skip));
    const key = [
      'select',
      // The property names asked for (each its column's, plainMetadata holds), or every column:
      // not the 25 names of a whole row joined again on every call.
      options.columns ? options.columns.join(',') : '*',
      condition.key,
      order.map(([c, d]) => `${c.propertyName} ${d}`).join(','),
      take !== undefined,
      options.skip !== undefined,
    ].join('|');
    const sql = this.cached(
      metadata,
      key,
      () => {
        let text = `SELECT ${selected.map((c) => this.driver.escape(c.databaseName)).join(', ')} FROM ${this.table(metadata)}`;
        if (condition.key !== '') text += ` WHERE ${condition.text()}`;
        if (order.length > 0)
          text += ` ORDER BY ${order.map(([c, d]) => `${this.driver.escape(c.databaseName)} ${d}`).join(', ')}`;
        if (take !== undefined) text += ' LIMIT ?';
        if (options.skip !== undefined) text += ' OFFSET ?';
        return text;
      },
      condition.cacheable,
    );
    return {
      table: metadata.tableName,
      sql,
      parameters,
      hydrate: (raw) => raw.map((r) => this.hydrate<T>(metadata, selected, r)),
    };
  }

  /** `SELECT COUNT(*) AS cnt … [WHERE …]`. */
  count<T extends ObjectLiteral>(entity: EntityClass<T>, where: Where<T>): ShapedStatement | null {
    const metadata = this.plainMetadata(entity);
    const condition = metadata && this.where(metadata, where);
    if (!metadata || !condition) return null;
    const sql = this.cached(
      metadata,
      `count|${condition.key}`,
      () =>
        `SELECT COUNT(*) AS ${this.driver.escape('cnt')} FROM ${this.table(metadata)}` +
        (condition.key !== '' ? ` WHERE ${condition.text()}` : ''),
      condition.cacheable,
    );
    return { table: metadata.tableName, sql, parameters: condition.parameters };
  }

  /** The entity made of the raw row, as TypeORM's RawSqlResultsToEntityTransformer makes it. */
  private hydrate<T>(metadata: EntityMetadata, columns: ColumnMetadata[], raw: Record<string, unknown>): T {
    const entity = metadata.create(undefined, { fromDeserializer: true }) as T & ObjectLiteral;
    for (const column of columns) {
      const value = raw[column.databaseName];
      if (value === undefined) continue;
      column.setEntityValue(entity, this.driver.prepareHydratedValue(value, column));
    }
    return entity;
  }

  /**
   * A where of `store-where.ts`'s vocabulary as SQL: its shape key (the columns and the kind of
   * each condition, IN lists by length), its parameters and its text. Null for what TypeORM's
   * find operators should render (inSelect, all, a property that is no column …).
   */
  private where<T>(
    metadata: EntityMetadata,
    where: Where<T>,
  ): { key: string; parameters: unknown[]; text: () => string; cacheable: boolean } | null {
    const parts: string[] = [];
    const keys: string[] = [];
    const parameters: unknown[] = [];
    let cacheable = true;
    for (const [property, condition] of Object.entries(where as Record<string, unknown>)) {
      if (condition === undefined) continue;
      const column = metadata.findColumnWithPropertyPath(property);
      if (!column) return null;
      const name = this.driver.escape(column.databaseName);
      if (condition === null) {
        keys.push(`${property} null`);
        parts.push(`${name} IS NULL`);
      } else if (Array.isArray(condition)) {
        keys.push(`${property} in${condition.length}`);
        if (condition.length > MAX_CACHED_IN_LENGTH) cacheable = false;
        parts.push(condition.length === 0 ? '0=1' : `${name} IN (${condition.map(() => '?').join(', ')})`);
        for (const v of condition) parameters.push(this.bind(v));
      } else if (typeof condition === 'object' && !(condition instanceof Date)) {
        const op = operator(
          name,
          condition as { op: string; value?: unknown; after?: unknown; before?: unknown },
        );
        if (!op) return null;
        keys.push(`${property} ${op.kind}`);
        parts.push(op.text);
        for (const v of op.values) parameters.push(this.bind(v));
      } else if (typeof condition === 'function') {
        return null;
      } else {
        keys.push(`${property} eq`);
        parts.push(`${name} = ?`);
        parameters.push(this.bind(condition));
      }
    }
    return { key: keys.join(','), parameters, text: () => parts.join(' AND '), cacheable };
  }

  /** The parameter as TypeORM's escapeQueryWithParameters hands it to the driver (see above). */
  private bind(value: unknown): unknown {
    if (this.dialect !== 'sqlite') return value;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return DateUtils.mixedDateToUtcDatetimeString(value);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
    return value;
  }

  /** What TypeORM writes for an undefined value in an INSERT. */
  private defaultLiteral(column: ColumnMetadata): string {
    if (this.dialect === 'mysql') return 'DEFAULT';
    if (column.default !== undefined && column.default !== null)
      return String(this.driver.normalizeDefault(column));
    return 'NULL';
  }

  private byIdAndRev(where: { rev?: number }): string {
    const id = `${this.driver.escape('id')} = ?`;
    return where.rev === undefined ? id : `${id} AND ${this.driver.escape('rev')} = ?`;
  }

  private table(metadata: EntityMetadata): string {
    return this.driver.escape(metadata.tablePath);
  }

  private cached(metadata: EntityMetadata, key: string, build: () => string, cacheable = true): string {
    let byShape = texts.get(metadata);
    if (!byShape) texts.set(metadata, (byShape = new Map()));
    let sql = byShape.get(key);
    if (sql === undefined) {
      sql = build();
      if (cacheable) byShape.set(key, sql);
    }
    return sql;
  }

  /** The entity's metadata when it is plain columns only, else null (TypeORM builds its statements). */
  private plainMetadata<T extends ObjectLiteral>(entity: EntityClass<T>): EntityMetadata | null {
    const metadata = this.connection.getMetadata(entity);
    let ok = plain.get(metadata);
    if (ok === undefined) {
      ok =
        metadata.relations.length === 0 &&
        metadata.embeddeds.length === 0 &&
        !metadata.discriminatorColumn &&
        metadata.primaryColumns.length === 1 &&
        metadata.primaryColumns[0]!.propertyName === 'id' &&
        metadata.columns.every(
          (c) =>
            !c.isGenerated &&
            !c.isCreateDate &&
            !c.isUpdateDate &&
            !c.isVersion &&
            !c.isVirtual &&
            !c.isVirtualProperty &&
            !c.transformer &&
            c.propertyPath === c.propertyName,
        );
      plain.set(metadata, ok);
    }
    return ok ? metadata : null;
  }
}

/** A `WhereOp` as SQL with its values, or null for what TypeORM should render (all, inSelect …). */
function operator(
  name: string,
  w: { op: string; value?: unknown; after?: unknown; before?: unknown },
): { kind: string; text: string; values: unknown[] } | null {
  const simple = (sql: string) =>
    w.value === null || w.value === undefined || (typeof w.value === 'object' && !(w.value instanceof Date))
      ? null
      : { kind: w.op, text: `${name} ${sql} ?`, values: [w.value] };
  switch (w.op) {
    case 'notNull':
      return { kind: 'notNull', text: `NOT(${name} IS NULL)`, values: [] };
    case 'lt':
      return simple('<');
    case 'lte':
      return simple('<=');
    case 'gt':
      return simple('>');
    case 'gte':
      return simple('>=');
    case 'like':
      return simple('LIKE');
    case 'ne': {
      const s = simple('=');
      return s && { ...s, text: `NOT(${s.text})` };
    }
    case 'nullOrLte':
    case 'nullOrGt': {
      const s = simple(w.op === 'nullOrLte' ? '<=' : '>');
      return s && { ...s, text: `(${name} IS NULL OR ${s.text})` };
    }
    case 'between': {
      const ok = (v: unknown) =>
        v !== null && v !== undefined && (typeof v !== 'object' || v instanceof Date);
      if (!ok(w.after) || !ok(w.before)) return null;
      return { kind: 'between', text: `(${name} > ? AND ${name} < ?)`, values: [w.after, w.before] };
    }
    default:
      return null;
  }
}
