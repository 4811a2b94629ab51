/**
 * Deterministic races, after the idea of Camunda's concurrency tests (a command paused before it
 * flushes, released when the test says): the engine's test seam (`testSeam.beforeCommit`) awaits
 * `CommitGate.beforeCommit` inside every command's transaction just before commit. A test arms a
 * hold, starts a request, and waits until the command reaches it; then it starts the competing
 * request and waits until that one is held too, has answered, or waits on the database for the
 * first (SQLite: queued behind the one connection; MariaDB: blocked on a row lock). Nothing is
 * ordered by time.
 */
import mysql from 'mysql2/promise';
import type { TestDatabase, TestDatabaseFactory } from '@motcua/db/testing';
import { startEngine, type RunningEngine, type TestClock } from '@motcua/engine';
import { RestClient, type RestResponse } from './rest-client.js';

/** One armed hold: the next command to reach commit waits there until released. */
export interface Hold {
  /** Resolves when a command reached the hold (and is waiting there). */
  readonly reached: Promise<void>;
  /** Lets the held command commit; before it arrived, disarms the hold (it passes through). */
  release(): void;
}

interface Armed {
  arrive(): Promise<void>;
  disarmed: boolean;
}

export class CommitGate {
  private readonly armed: Armed[] = [];
  private readonly holds: Hold[] = [];

  /** The engine's `testSeam.beforeCommit`. */
  readonly beforeCommit = async (): Promise<void> => {
    let next = this.armed.shift();
    while (next?.disarmed) next = this.armed.shift();
    if (next) await next.arrive();
  };

  /** Arms a hold for the next command that reaches commit. */
  holdNext(): Hold {
    let reached!: () => void;
    let release!: () => void;
    const reachedP = new Promise<void>((r) => (reached = r));
    const released = new Promise<void>((r) => (release = r));
    const entry: Armed = {
      disarmed: false,
      arrive: () => {
        reached();
        return released;
      },
    };
    this.armed.push(entry);
    const hold: Hold = {
      reached: reachedP,
      release: () => {
        entry.disarmed = true;
        release();
      },
    };
    this.holds.push(hold);
    return hold;
  }

  /** Lets everything go (afterEach: a failed test must not leave a command holding the database). */
  releaseAll(): void {
    for (const h of this.holds.splice(0)) h.release();
  }
}

/** How the competing command stands while the first is held. */
export type Standing = 'held' | 'answered' | 'waiting';

/**
 * Whether some command of this engine waits for the database (for the held command's locks), and
 * how long to let the database be between two looks.
 */
export interface WaitProbe {
  (): Promise<boolean>;
  intervalMs: number;
}

/** SQLite: a transaction or read queued behind the held command on the one connection. */
export const queuedOnStore = (engine: RunningEngine): WaitProbe =>
  Object.assign(async () => engine.stats().waitingForStore > 0, { intervalMs: 1 });

/**
 * MariaDB: a transaction on the test's database in LOCK WAIT (InnoDB), that is blocked on a row
 * the held command wrote or locked.
 */
export async function lockWaitProbe(dbUrl: string): Promise<{ probe: WaitProbe; close(): Promise<void> }> {
  const u = new URL(dbUrl);
  const database = decodeURIComponent(u.pathname.slice(1));
  const conn = await mysql.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  });
  return {
    // InnoDB refreshes what INNODB_TRX shows only when it was not read for 100 ms (its cache's
    // minimum idle time): a faster poll would keep reading the state before the wait began. A
    // stale row (a wait already over) is told apart by its statement no longer running.
    probe: Object.assign(
      async () => {
        const [rows] = await conn.query(
          `SELECT COUNT(*) AS n FROM information_schema.INNODB_TRX t
           JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
          WHERE t.trx_state = 'LOCK WAIT' AND p.DB = ?
            AND p.COMMAND = 'Query' AND LEFT(p.INFO, 200) = LEFT(t.trx_query, 200)`,
          [database],
        );
        return Number((rows as { n: number | string }[])[0]!.n) > 0;
      },
      { intervalMs: 150 },
    ),
    close: () => conn.end(),
  };
}

/**
 * Waits until the competing command is held at its own hold, has answered, or waits on the
 * database (a condition polled between event-loop turns; no ordering by time).
 */
export async function standing(answer: Promise<unknown>, hold: Hold, waits: WaitProbe): Promise<Standing> {
  let settled = false;
  const held = hold.reached.then(() => 'held' as const);
  const answered = answer.then(
    () => 'answered' as const,
    () => 'answered' as const,
  );
  const waiting = (async () => {
    for (;;) {
      if (settled) return 'answered' as const; // loser of the race below: value unused
      if (await waits()) return 'waiting' as const;
      await new Promise((r) => setTimeout(r, waits.intervalMs));
    }
  })();
  const result = await Promise.race([held, answered, waiting]);
  settled = true;
  return result;
}

/**
 * MariaDB: stalls every read of one table between two chosen moments, so a command can be made
 * to read a row before a held command commits and the row it points to after (the window a
 * lost race falls through). `arm` queues a `LOCK TABLES … WRITE` behind the held command's
 * metadata lock on the table; later reads of the table queue behind that request. After the
 * held command commits, `lift` takes the lock and gives it back at once, and the reads go on.
 */
export async function tableStall(dbUrl: string): Promise<{
  arm(table: string): Promise<void>;
  /** Whether some other session waits for the table (a read queued behind the armed lock). */
  probe: WaitProbe;
  lift(): Promise<void>;
  close(): Promise<void>;
}> {
  const u = new URL(dbUrl);
  const database = decodeURIComponent(u.pathname.slice(1));
  const connect = () =>
    mysql.createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database,
    });
  const [locker, watcher] = await Promise.all([connect(), connect()]);
  const [[me]] = (await locker.query('SELECT CONNECTION_ID() AS id')) as unknown as [[{ id: number }]];
  const waiting = async (others: boolean): Promise<boolean> => {
    const [rows] = await watcher.query(
      `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
        WHERE DB = ? AND STATE = 'Waiting for table metadata lock' AND (ID = ?) <> ?`,
      [database, me!.id, others],
    );
    return Number((rows as { n: number | string }[])[0]!.n) > 0;
  };
  let locked: Promise<unknown> | null = null;
  return {
    async arm(table) {
      let granted = false;
      locked = locker.query(`LOCK TABLES \`${table.replace(/`/g, '')}\` WRITE`).then(() => (granted = true));
      for (;;) {
        if (granted) throw new Error(`nothing holds ${table}: the lock was granted at once`);
        if (await waiting(false)) return;
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    probe: Object.assign(() => waiting(true), { intervalMs: 5 }),
    async lift() {
      await locked;
      locked = null;
      await locker.query('UNLOCK TABLES');
    },
    async close() {
      if (locked) await locker.query('UNLOCK TABLES').catch(() => undefined);
      await Promise.all([locker.end(), watcher.end()]);
    },
  };
}

/** Camunda's answer to a lost revision check: HTTP 500, OptimisticLockingException, code 1. */
export const isOptimisticLock = (r: RestResponse): boolean =>
  r.status === 500 &&
  r.body?.type === 'OptimisticLockingException' &&
  r.body?.code === 1 &&
  !JSON.stringify(r.body).includes('    at ');

/** One engine of a race suite, on a database of its own, and what closes it. */
export interface RaceEngine {
  db: TestDatabase;
  engine: RunningEngine;
  api: RestClient;
  /** How a competing command is seen waiting on this dialect (see WaitProbe). */
  waits: WaitProbe;
  close(): Promise<void>;
}

/**
 * Starts the engine a race suite drives: a fresh database of `factory`, every command passing
 * `gate` just before it commits, the suite's clock, the wait probe of the dialect, and `deploy`
 * (file name → BPMN) deployed.
 */
export async function startRaceEngine(
  factory: TestDatabaseFactory,
  options: { gate: CommitGate; clock: TestClock; deploy: Record<string, string> },
): Promise<RaceEngine> {
  const db = await factory.create();
  const engine = await startEngine({
    dbUrl: db.url,
    port: 0,
    clock: options.clock,
    testSeam: { beforeCommit: options.gate.beforeCommit },
  });
  const api = new RestClient(engine.url);
  let waits = queuedOnStore(engine);
  let closeProbe: () => Promise<void> = async () => undefined;
  if (factory.dialect === 'mariadb') {
    const p = await lockWaitProbe(db.url);
    waits = p.probe;
    closeProbe = p.close;
  }
  await api.ok(api.deploy(options.deploy));
  return {
    db,
    engine,
    api,
    waits,
    close: async () => {
      options.gate.releaseAll();
      await closeProbe();
      await engine.close();
      await db.drop();
    },
  };
}
