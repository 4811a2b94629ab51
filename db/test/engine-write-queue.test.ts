/**
 * The engine store's deferred writes (WriteQueue): queued in order, sent together before the next
 * read and before COMMIT (one round trip on MariaDB), read-your-writes intact, a lost revision
 * check thrown at the flush, and a failed flush never committed — not even when the caller
 * swallowed the error of the read that flushed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import {
  ConcurrentModificationError,
  EngineGroup,
  EngineUser,
  createEngineStore,
  type EngineStore,
} from '@motcua/db/engine';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';

const dialects = await testDatabases();

const group = (id: string, name: string): EngineGroup =>
  Object.assign(new EngineGroup(), { id, rev: 1, name, type: 'WORKFLOW' });

describe.each(dialects)('deferred engine writes on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: EngineStore;
  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url, multipleStatements: true });
    store = createEngineStore(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const names = async (prefix: string) =>
    (await store.read((tx) => tx.find(EngineGroup, {}, { order: { id: 'ASC' } })))
      .filter((g) => g.id.startsWith(prefix))
      .map((g) => `${g.id}:${g.name}:${g.rev}`);

  it('sends the writes before a read and before commit, in order, one round trip on MariaDB', async () => {
    let tripsBeforeRead = 0;
    const seen = await store.transaction(async (tx) => {
      const before = store.roundTrips;
      await tx.insert(EngineGroup, group('a1', 'một'));
      await tx.insert(EngineGroup, group('a2', 'hai'));
      const a1 = group('a1', 'một (sửa)');
      await tx.update(EngineGroup, a1);
      await tx.removeByIds(EngineGroup, ['a2']);
      // Nothing has gone to the database yet.
      tripsBeforeRead = store.roundTrips - before;
      const rows = await tx.find(EngineGroup, { id: 'a1' });
      await tx.insert(EngineGroup, group('a3', 'ba'));
      return { rows: rows.map((g) => `${g.id}:${g.name}:${g.rev}`), trips: store.roundTrips - before };
    });
    expect(tripsBeforeRead).toBe(0);
    expect(seen.rows).toEqual(['a1:một (sửa):2']);
    // The flush of four statements and the read: 2 round trips on MariaDB, 4 + 1 on SQLite.
    expect(seen.trips).toBe(factory.dialect === 'mariadb' ? 2 : 5);
    expect(await names('a')).toEqual(['a1:một (sửa):2', 'a3:ba:1']);
  });

  it('folds an update of a row whose INSERT is still queued into that INSERT', async () => {
    const counts = await store.transaction(async (tx) => {
      const s0 = store.statements;
      const u1 = group('u1', 'sáu');
      await tx.insert(EngineGroup, u1);
      u1.name = 'sáu (sửa)';
      await tx.update(EngineGroup, u1);
      u1.name = 'sáu (sửa lần hai)';
      await tx.update(EngineGroup, u1);
      // The same id as another object: not the row that was inserted, so a real UPDATE.
      const u2 = group('u2', 'bảy');
      await tx.insert(EngineGroup, u2);
      await tx.update(EngineGroup, group('u2', 'bảy (sửa)'));
      const queued = store.statements - s0;
      // Once the INSERT went to the database, an update is an UPDATE again, revision-checked.
      expect((await tx.get(EngineGroup, 'u1'))?.name).toBe('sáu (sửa lần hai)');
      const s1 = store.statements;
      u1.name = 'sáu (sau khi gửi)';
      await tx.update(EngineGroup, u1);
      return { queued, after: store.statements - s1, revs: [u1.rev, u2.rev] };
    });
    // u1: one INSERT for the insert and two updates; u2: INSERT and UPDATE; then one UPDATE.
    expect(counts).toEqual({ queued: 3, after: 1, revs: [4, 1] });
    expect(await names('u')).toEqual(['u1:sáu (sau khi gửi):4', 'u2:bảy (sửa):2']);
  });

  it('sends neither the INSERT nor the DELETE of rows inserted and deleted before a flush', async () => {
    await store.transaction((tx) => tx.insert(EngineGroup, group('w0', 'có rồi')));
    const counts = await store.transaction(async (tx) => {
      const s0 = store.statements;
      // Two rows in one INSERT, both deleted (with one stored row): only the stored row's DELETE.
      await tx.insertMany(EngineGroup, [group('w1', 'một'), group('w2', 'hai')]);
      await tx.removeByIds(EngineGroup, ['w1', 'w0', 'w2']);
      const both = store.statements - s0;
      // A row inserted and removed revision-checked, as the object inserted: nothing at all.
      const w3 = group('w3', 'ba');
      await tx.insert(EngineGroup, w3);
      w3.name = 'ba (sửa)';
      await tx.update(EngineGroup, w3); // folded into the queued INSERT (rev 2)
      await tx.remove(EngineGroup, w3);
      const single = store.statements - s0 - both;
      // Only one of an INSERT's two rows deleted: both statements go.
      await tx.insertMany(EngineGroup, [group('w4', 'bốn'), group('w5', 'năm')]);
      await tx.removeByIds(EngineGroup, ['w4']);
      // A write to the table after the INSERT: it is no longer withdrawn (an UPDATE of one of its
      // rows would then match nothing), and the UPDATE's revision check holds.
      const w6 = group('w6', 'sáu');
      await tx.insertMany(EngineGroup, [w6]);
      await tx.update(EngineGroup, group('w5', 'năm (sửa)'));
      await tx.removeByIds(EngineGroup, ['w6']);
      return { both, single, rest: store.statements - s0 - both - single };
    });
    // 1 INSERT withdrawn + the DELETE of w0; then nothing for w3; then 2 + 3.
    expect(counts).toEqual({ both: 1, single: 0, rest: 5 });
    expect(await names('w')).toEqual(['w5:năm (sửa):2']);
  });

  it('merges the INSERTs of a flush into one table on MariaDB, unless a write to it comes between', async () => {
    await store.transaction((tx) => tx.insert(EngineGroup, group('m0', 'có rồi')));
    const user = (id: string) =>
      Object.assign(new EngineUser(), {
        id,
        rev: 1,
        firstName: 'Mai',
        lastName: null,
        email: null,
        passwordHash: 'x',
      });
    const sent = await store.transaction(async (tx) => {
      const s0 = store.statements;
      await tx.insert(EngineGroup, group('m1', 'một'));
      await tx.insert(EngineUser, user('u-m1')); // another table between: no matter
      await tx.insertMany(EngineGroup, [group('m2', 'hai'), group('m3', 'ba')]);
      await tx.update(EngineGroup, group('m0', 'có rồi (sửa)')); // a write to the table …
      await tx.insert(EngineGroup, group('m4', 'bốn')); // … so this one goes on its own
      await tx.insert(EngineUser, user('u-m2'));
      await tx.flush();
      return store.statements - s0;
    });
    // MariaDB: INSERT m1–m3, INSERT u-m1 and u-m2, UPDATE, INSERT m4; SQLite one statement each.
    expect(sent).toBe(factory.dialect === 'mariadb' ? 4 : 6);
    await store.transaction((tx) => tx.removeByIds(EngineUser, ['u-m1', 'u-m2'])); // as other tests expect
    expect(await names('m')).toEqual(['m0:có rồi (sửa):2', 'm1:một:1', 'm2:hai:1', 'm3:ba:1', 'm4:bốn:1']);
  });

  it('reads of another table leave the queue alone; a read of a queued table sends it first', async () => {
    const trips = await store.transaction(async (tx) => {
      const t0 = store.roundTrips;
      await tx.insert(EngineGroup, group('e1', 'năm'));
      expect(await tx.count(EngineUser)).toBe(0); // another table: the read alone
      const t1 = store.roundTrips;
      expect((await tx.get(EngineGroup, 'e1'))?.name).toBe('năm'); // the queued table: flush, read
      return { other: t1 - t0, same: store.roundTrips - t1 };
    });
    expect(trips).toEqual({ other: 1, same: 2 });
  });

  it('throws a lost revision check at the flush and commits nothing of the transaction', async () => {
    await store.transaction((tx) => tx.insert(EngineGroup, group('b1', 'cũ')));
    const stale = group('b1', 'mới');
    stale.rev = 7;
    const attempt = store.transaction(async (tx) => {
      await tx.insert(EngineGroup, group('b2', 'không được lưu'));
      await tx.update(EngineGroup, stale);
      await tx.insert(EngineGroup, group('b3', 'không được lưu'));
    });
    await expect(attempt).rejects.toThrow(ConcurrentModificationError);
    expect(await names('b')).toEqual(['b1:cũ:1']);
  });

  it('rolls back when a caller swallowed the error of the read that flushed', async () => {
    await store.transaction((tx) => tx.insert(EngineGroup, group('c1', 'cũ')));
    const attempt = store.transaction(async (tx) => {
      await tx.insert(EngineGroup, group('c2', 'không được lưu'));
      await tx.remove(EngineGroup, Object.assign(group('c1', 'cũ'), { rev: 9 }));
      await tx.count(EngineGroup).catch(() => -1); // the error is swallowed here …
      await tx.insert(EngineGroup, group('c3', 'không được lưu'));
    });
    // … and thrown again before COMMIT.
    await expect(attempt).rejects.toThrow(ConcurrentModificationError);
    expect(await names('c')).toEqual(['c1:cũ:1']);
  });

  it('reports a failing statement in the middle of a flush and rolls the whole flush back', async () => {
    await store.transaction((tx) => tx.insert(EngineGroup, group('d1', 'có rồi')));
    const attempt = store.transaction(async (tx) => {
      await tx.insert(EngineGroup, group('d2', 'không được lưu'));
      await tx.insert(EngineGroup, group('d1', 'trùng khóa'));
      await tx.insert(EngineGroup, group('d3', 'không được lưu'));
    });
    await expect(attempt).rejects.toThrow(ConcurrentModificationError); // duplicate key, as before
    expect(await names('d')).toEqual(['d1:có rồi:1']);
  });

  it('reads two tables together as find reads each: one round trip on MariaDB, after the queued writes', async () => {
    await store.transaction((tx) => tx.insert(EngineGroup, group('g1', 'một')));
    const user = Object.assign(new EngineUser(), {
      id: 'u-g',
      rev: 1,
      firstName: 'Lan',
      lastName: null,
      email: null,
      passwordHash: 'x',
    });
    const seen = await store.transaction(async (tx) => {
      await tx.insert(EngineUser, user); // queued: the read of its table sends it first
      const before = store.roundTrips;
      const [groups, users] = await tx.findTogether(
        { entity: EngineGroup, where: { id: 'g1' } },
        { entity: EngineUser, where: { id: 'u-g' } },
      );
      const trips = store.roundTrips - before;
      const alone = [await tx.find(EngineGroup, { id: 'g1' }), await tx.find(EngineUser, { id: 'u-g' })];
      return { together: [groups, users], alone, trips };
    });
    expect(seen.together).toEqual(seen.alone);
    expect(seen.together[1]).toEqual([user]);
    expect(seen.together[0]!.map((g) => g.name)).toEqual(['một']);
    // The flush of the INSERT, then both reads: 2 trips on MariaDB; 1 + 2 on SQLite.
    expect(seen.trips).toBe(factory.dialect === 'mariadb' ? 2 : 3);
  });

  it('reads ahead on MariaDB for the get or find that follows: once, and not past a write to its table', async () => {
    await store.transaction(async (tx) => {
      await tx.insert(EngineGroup, group('h1', 'một'));
      await tx.insert(EngineGroup, group('h2', 'hai'));
      await tx.insert(EngineGroup, group('h3', 'ba (h)'));
    });
    const mariadb = factory.dialect === 'mariadb';
    const seen = await store.transaction(async (tx) => {
      const trips: number[] = [];
      let mark = store.roundTrips;
      const trip = () => {
        trips.push(store.roundTrips - mark);
        mark = store.roundTrips;
      };
      const [first] = await tx.findTogetherAhead(
        [{ entity: EngineGroup, where: { id: 'h1' } }],
        [
          { entity: EngineGroup, where: { id: 'h2' } },
          { entity: EngineGroup, where: { name: 'ba (h)' } },
        ],
      );
      trip();
      const h2 = await tx.get(EngineGroup, 'h2'); // read ahead: no trip on MariaDB
      trip();
      const again = await tx.get(EngineGroup, 'h2'); // served once: read again
      trip();
      // A write to the table after the read ahead: the find reads the database (and its own write).
      await tx.update(EngineGroup, Object.assign(group('h3', 'ba (h)'), { rev: 1 }));
      const ba = await tx.find(EngineGroup, { name: 'ba (h)' });
      trip();
      return { first, h2, again, ba, trips };
    });
    expect(seen.first!.map((g) => (g as EngineGroup).id)).toEqual(['h1']);
    expect(seen.h2?.name).toBe('hai');
    expect(seen.again).toEqual(seen.h2);
    expect(seen.ba.map((g) => `${g.id}:${g.rev}`)).toEqual(['h3:2']);
    // MariaDB: the three reads in one trip, the primed get none, the second get one, the flush of
    // the UPDATE and the find two (served from the read ahead it would be none, and say rev 1).
    // SQLite reads nothing ahead: 1, 1, 1, then the UPDATE and the find 2.
    expect(seen.trips).toEqual(mariadb ? [1, 0, 1, 2] : [1, 1, 1, 2]);
  });

  it('works over a DataSource opened without multi-statements: one statement per round trip', async () => {
    // A store made over another DataSource (a test's, a script's) must not fail at its first flush
    // of two statements on MariaDB with a syntax error.
    const plain = await openDatabase({ url: db.url });
    try {
      const other = createEngineStore(plain);
      const before = other.roundTrips;
      await other.transaction(async (tx) => {
        await tx.insert(EngineGroup, group('f1', 'một'));
        await tx.insert(EngineGroup, group('f2', 'hai'));
      });
      // BEGIN, the two INSERTs one by one, COMMIT (with multi-statements: BEGIN, one flush, COMMIT).
      expect(other.roundTrips - before).toBe(4);
      expect(await names('f')).toEqual(['f1:một:1', 'f2:hai:1']);
    } finally {
      await plain.destroy();
    }
  });
});
