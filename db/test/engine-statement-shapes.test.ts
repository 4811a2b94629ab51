/**
 * The engine's cached statement texts (statement-shapes.ts) against TypeORM's builder, on real
 * databases: for every engine entity and every shape, the cached path writes exactly the row the
 * builder writes and reads back exactly the object `Repository.find` hydrates (Dates, booleans,
 * nulls, numbers), and its wheres select the same rows. Values are bound, never spliced: a text
 * with quotes, `?`, `:name` and `--` survives.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { engineEntities } from '@motcua/db/engine';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import type { EntityMetadata, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { StatementShapes, type ShapedStatement } from '../src/engine/statement-shapes.js';
import { toFindWhere, type EntityClass, type Where } from '../src/engine/store-where.js';

const dialects = await testDatabases();

/** A text no splicing would survive. */
const TRICKY = `it's "quoted" ? :name -- /* x */ \\ ; Việt`;

/** A value of `column`'s type; `variant` changes it (the updates write the other variant). */
function sample(column: ColumnMetadata, variant: 0 | 1, serial: string): unknown {
  const type = String(column.type);
  if (type === 'boolean') return variant === 0;
  if (type === 'integer') return variant === 0 ? 7 : -3;
  if (type === 'double') return variant === 0 ? 1.5 : 42;
  if (type === 'datetime')
    return new Date(variant === 0 ? '2026-03-04T05:06:07.891Z' : '2027-01-02T23:59:58.001Z');
  const length = Number(column.length) || 255;
  const text = `${variant}${serial} ${TRICKY}`;
  return text.slice(0, Math.min(length, 60));
}

function row(
  metadata: EntityMetadata,
  id: string,
  variant: 0 | 1,
  options: { nulls: boolean },
): ObjectLiteral {
  const r = metadata.create() as ObjectLiteral;
  for (const c of metadata.columns) {
    if (c.propertyName === 'id') c.setEntityValue(r, id);
    else if (c.propertyName === 'rev') c.setEntityValue(r, 1);
    else if (options.nulls && c.isNullable) c.setEntityValue(r, null);
    else c.setEntityValue(r, sample(c, variant, id));
  }
  return r;
}

/** The row without its id, and its id (which every sample text carries, for unique indexes) as `<id>`. */
const withoutId = (o: ObjectLiteral | null | undefined) => {
  if (!o) return o;
  const { id, ...rest } = o;
  for (const [k, v] of Object.entries(rest))
    if (typeof v === 'string') rest[k] = v.replaceAll(String(id), '<id>');
  return rest;
};

describe.each(dialects)('cached engine statements on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let shapes: StatementShapes;
  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    shapes = new StatementShapes(ds, factory.dialect === 'sqlite' ? 'sqlite' : 'mysql');
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const run = (s: ShapedStatement | null) => {
    if (!s) throw new Error('no cached shape');
    return ds.query(s.sql, s.parameters);
  };
  const rawRow = async (metadata: EntityMetadata, id: string) => {
    const rows = (await ds.query(
      `SELECT * FROM ${ds.driver.escape(metadata.tableName)} WHERE ${ds.driver.escape('id')} = ?`,
      [id],
    )) as ObjectLiteral[];
    return withoutId(rows[0]);
  };
  const entities = () => engineEntities.map((e) => ds.getMetadata(e));

  it('covers every engine entity (all plain columns)', () => {
    const uncovered = entities().filter(
      (m) => !shapes.insert(m.target as EntityClass<ObjectLiteral>, [row(m, 'x', 0, { nulls: false })]),
    );
    expect(uncovered.map((m) => m.tableName)).toEqual([]);
  });

  it.each([{ nulls: false }, { nulls: true }])(
    'INSERT writes the row TypeORM writes and SELECT hydrates what find does (nulls: $nulls)',
    async (options) => {
      for (const m of entities()) {
        const entity = m.target as EntityClass<ObjectLiteral>;
        const tag = options.nulls ? 'n' : 'v';
        const a = row(m, `orm-${tag}`, 0, options);
        const b = row(m, `shp-${tag}`, 0, options);
        await ds.createQueryBuilder().insert().into(entity).values(a).updateEntity(false).execute();
        await run(shapes.insert(entity, [b]));
        expect({ table: m.tableName, row: await rawRow(m, `shp-${tag}`) }).toEqual({
          table: m.tableName,
          row: await rawRow(m, `orm-${tag}`),
        });
        const viaOrm = await ds.getRepository(entity).findOne({ where: { id: `orm-${tag}` } });
        const select = shapes.select(entity, { id: `shp-${tag}` } as Where<ObjectLiteral>)!;
        const [viaShape] = select.hydrate(await ds.query(select.sql, select.parameters));
        expect(viaShape).toBeInstanceOf(entity);
        expect({ table: m.tableName, row: withoutId(viaShape) }).toEqual({
          table: m.tableName,
          row: withoutId(viaOrm),
        });
        if (!options.nulls) expect(withoutId(viaShape)).toEqual(withoutId(b)); // written as given, read back
      }
    },
  );

  it('INSERT of several rows, and undefined columns written as TypeORM writes them', async () => {
    for (const m of entities()) {
      const entity = m.target as EntityClass<ObjectLiteral>;
      const optional = m.columns.filter((c) => c.isNullable || c.default !== undefined);
      const make = (prefix: string) =>
        [1, 2, 3].map((i) => {
          const r = row(m, `${prefix}-${i}`, 0, { nulls: false });
          if (i === 2) for (const c of optional) delete r[c.propertyName];
          return r;
        });
      await ds.createQueryBuilder().insert().into(entity).values(make('ormm')).updateEntity(false).execute();
      await run(shapes.insert(entity, make('shpm')));
      for (const i of [1, 2, 3])
        expect({ t: m.tableName, i, row: await rawRow(m, `shpm-${i}`) }).toEqual({
          t: m.tableName,
          i,
          row: await rawRow(m, `ormm-${i}`),
        });
    }
  });

  it('a whole number written to a text column reads back as TypeORM writes it (no 42.0 on SQLite)', async () => {
    const m = ds.getMetadata('EngineJob');
    const entity = m.target as EntityClass<ObjectLiteral>;
    const make = (id: string) =>
      Object.assign(row(m, id, 0, { nulls: true }), { lockOwner: 42, priority: 3 });
    await ds.createQueryBuilder().insert().into(entity).values(make('num-orm')).updateEntity(false).execute();
    await run(shapes.insert(entity, [make('num-shp')]));
    expect(await rawRow(m, 'num-shp')).toEqual(await rawRow(m, 'num-orm'));
    expect((await rawRow(m, 'num-shp'))?.lockOwner).toBe('42');
  });

  it('UPDATE of every column by id and rev, of named columns by id; DELETE by id and rev', async () => {
    for (const m of entities().filter((e) => e.findColumnWithPropertyPath('rev'))) {
      const entity = m.target as EntityClass<ObjectLiteral>;
      for (const id of ['u-orm', 'u-shp'])
        await run(shapes.insert(entity, [row(m, id, 0, { nulls: false })]));
      const { id: _a, rev: _r, ...changed } = row(m, 'x', 1, { nulls: true });
      const set = { ...changed, rev: 2 };
      const orm = await ds
        .createQueryBuilder()
        .update(entity)
        .set(set)
        .where('id = :id AND rev = :rev', { id: 'u-orm', rev: 1 })
        .execute();
      expect(orm.affected).toBe(1);
      const stale = shapes.update(entity, set, { id: 'u-shp', rev: 5 })!;
      const fresh = shapes.update(entity, set, { id: 'u-shp', rev: 1 })!;
      const qr = ds.createQueryRunner();
      try {
        expect((await qr.query(stale.sql, stale.parameters, true)).affected).toBe(0);
        expect((await qr.query(fresh.sql, fresh.parameters, true)).affected).toBe(1);
      } finally {
        await qr.release();
      }
      expect({ t: m.tableName, row: await rawRow(m, 'u-shp') }).toEqual({
        t: m.tableName,
        row: await rawRow(m, 'u-orm'),
      });

      // Named columns, revision bumped (history rows): one text column and one other, if any.
      const named = m.columns.filter((c) => !['id', 'rev'].includes(c.propertyName)).slice(0, 2);
      const some = Object.fromEntries(named.map((c) => [c.propertyName, sample(c, 0, 'again')]));
      await ds
        .createQueryBuilder()
        .update(entity)
        .set({ ...some, rev: () => 'rev + 1' })
        .where('id = :id', { id: 'u-orm' })
        .execute();
      await run(shapes.update(entity, some, { id: 'u-shp' }, { bumpRev: true }));
      expect({ t: m.tableName, row: await rawRow(m, 'u-shp') }).toEqual({
        t: m.tableName,
        row: await rawRow(m, 'u-orm'),
      });
      expect((await rawRow(m, 'u-shp'))?.rev).toBe(3);

      await run(shapes.deleteById(entity, { id: 'u-shp', rev: 2 })); // stale: nothing deleted
      expect(await rawRow(m, 'u-shp')).toBeDefined();
      await run(shapes.deleteById(entity, { id: 'u-shp', rev: 3 }));
      expect(await rawRow(m, 'u-shp')).toBeUndefined();
    }
  });

  it('wheres select and delete the rows TypeORM find operators select, by shape not value', async () => {
    const m = ds.getMetadata('EngineJob');
    const entity = m.target as EntityClass<ObjectLiteral>;
    const times = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.500Z', '2026-01-03T00:00:00.000Z'];
    const rows = [0, 1, 2, 3].map((i) => {
      const r = row(m, `w-${i}`, (i % 2) as 0 | 1, { nulls: i === 3 });
      r.retries = i;
      if (i < 3) r.dueDate = new Date(times[i]!);
      r.lockOwner = i === 0 ? TRICKY : i === 3 ? null : `owner ${i}`;
      return r;
    });
    await run(shapes.insert(entity, rows));
    const wheres: Where<ObjectLiteral>[] = [
      { id: ['w-0', 'w-2', 'w-3'] },
      { id: [] },
      { lockOwner: TRICKY },
      { lockOwner: null, id: ['w-0', 'w-1', 'w-2', 'w-3'] },
      { lockOwner: { op: 'notNull' }, id: { op: 'like', value: 'w-%' } },
      { retries: { op: 'gte', value: 1 }, id: { op: 'like', value: 'w-%' } },
      { retries: { op: 'lt', value: 2 }, id: { op: 'like', value: 'w-%' } },
      { retries: { op: 'ne', value: 1 }, id: { op: 'like', value: 'w-%' } },
      { dueDate: { op: 'nullOrLte', value: new Date(times[1]!) }, id: { op: 'like', value: 'w-%' } },
      { dueDate: { op: 'nullOrGt', value: new Date(times[1]!) }, id: { op: 'like', value: 'w-%' } },
      { dueDate: { op: 'between', after: new Date(times[0]!), before: new Date(times[2]!) } },
      { dueDate: new Date(times[1]!) },
      { suspended: true, id: { op: 'like', value: 'w-%' } },
      { suspended: false, id: { op: 'like', value: 'w-%' } },
    ];
    for (const where of wheres) {
      const expected = (
        await ds.getRepository(entity).find({ where: toFindWhere(where) as never, order: { id: 'ASC' } })
      ).map((r) => r.id as string);
      const select = shapes.select(entity, where, { order: { id: 'ASC' } })!;
      expect(select.sql).not.toContain('w-');
      const got = select.hydrate(await ds.query(select.sql, select.parameters)).map((r) => r.id as string);
      expect({ where, got }).toEqual({ where, got: expected });
      const count = shapes.count(entity, where)!;
      const [{ cnt }] = (await ds.query(count.sql, count.parameters)) as { cnt: number | string }[];
      expect({ where, count: Number(cnt) }).toEqual({ where, count: expected.length });
    }
    const page = shapes.select(
      entity,
      { id: { op: 'like', value: 'w-%' } },
      { order: { retries: 'DESC' }, skip: 1, take: 2 },
    )!;
    expect(page.hydrate(await ds.query(page.sql, page.parameters)).map((r) => r.id)).toEqual(['w-2', 'w-1']);
    const rest = shapes.select(
      entity,
      { id: { op: 'like', value: 'w-%' } },
      { order: { retries: 'ASC' }, skip: 3 },
    )!;
    expect(rest.hydrate(await ds.query(rest.sql, rest.parameters)).map((r) => r.id)).toEqual(['w-3']);

    // Same shape, other values: one text.
    expect(shapes.select(entity, { lockOwner: 'a' })!.sql).toBe(
      shapes.select(entity, { lockOwner: 'b' })!.sql,
    );
    // What the module does not cover is left to TypeORM.
    expect(shapes.select(entity, { retries: { op: 'all', of: [] } })).toBeNull();
    expect(shapes.deleteWhere(entity, {})).toBeNull();

    await run(shapes.deleteWhere(entity, { lockOwner: TRICKY }));
    await run(shapes.deleteWhere(entity, { id: ['w-1', 'w-2'] }));
    const left = await ds
      .getRepository(entity)
      .find({ where: toFindWhere({ id: { op: 'like', value: 'w-%' } }) as never });
    expect(left.map((r) => r.id)).toEqual(['w-3']);
  });
});
