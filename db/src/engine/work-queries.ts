import { Brackets, type EntityManager, type ObjectLiteral } from 'typeorm';
import { EngineExternalTask, EngineJob } from './entities.js';
import type { EngineDialect } from './store-where.js';
import type { BuilderShapes } from './builder-shapes.js';
import type { TableRead } from './read-together.js';

/**
 * The queries of work to hand out: external tasks a worker may lock, jobs the executor may acquire.
 * On MySQL/MariaDB they lock what they return (`FOR UPDATE SKIP LOCKED`), so engine processes
 * sharing the database never hand out the same task or job.
 */

export interface FetchableExternalTaskQuery {
  topicName: string;
  now: Date;
  limit: number;
  usePriority: boolean;
  createTimeOrder?: 'ASC' | 'DESC';
  businessKey?: string;
  processDefinitionIds?: string[];
  processDefinitionKeys?: string[];
  processDefinitionVersionTag?: string;
  tenantIds?: string[];
  withoutTenantId?: boolean;
  /** Only tasks whose process instance has these variables with these canonical texts. */
  processVariables?: { name: string; text: string | null }[];
  /**
   * MySQL/MariaDB: the candidates a look before this fetch found (lookForFetchableExternalTasks),
   * in fetch order: they are locked first, without a candidate read of their own.
   */
  candidates?: readonly FetchCandidate[];
}

/** A task a look before a fetch found. */
export interface FetchCandidate {
  id: string;
  /**
   * MySQL/MariaDB: its execution and process instance, as the look read them (for the reads a
   * fetch sends along with its lock, see LockAlong); the lock re-reads the task itself.
   */
  keys?: { executionId: string; processInstanceId: string };
}

/**
 * Reads a fetch sends along with the lock of the look's first batch of candidates, on MySQL/MariaDB's
 * multi-statement pool (EngineTx.findFetchableExternalTasks): `reads` names them for that batch,
 * `rows` receives what they read. Nothing is read along elsewhere.
 */
export interface FetchAlong {
  reads(batch: readonly FetchCandidate[]): readonly TableRead[];
  rows(batch: readonly FetchCandidate[], rows: ObjectLiteral[][]): void;
}

/**
 * MySQL/MariaDB: sends the lock of a batch of the look's candidates (its text and parameters)
 * together with reads of the caller's about that batch, in one round trip, the lock first: the
 * lock's raw rows, or null where nothing was sent (the lock then goes alone). It counts the
 * statements and the round trip it sends.
 */
export type LockAlong = (
  lock: { sql: string; parameters: unknown[] },
  batch: readonly FetchCandidate[],
) => Promise<Record<string, unknown>[] | null>;

/** Candidates read for a fetch of `limit` tasks: more, as some may be locked by other fetches. */
function candidateLimit(limit: number): number {
  return limit * 3 + 10;
}

/** The fetch and acquisition queries inside one transaction. */
export class WorkQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly dialect: EngineDialect,
    /** Counts one statement (EngineTx's statement counter). */
    private readonly count1: () => void,
    /** The fetch's texts, built once per shape (see builder-shapes.ts); absent: built each call. */
    private readonly shapes?: BuilderShapes,
  ) {}

  /**
   * External tasks of a topic a worker may lock now: unlocked or lock expired, retries not
   * exhausted, not suspended, in fetch order.
   *
   * On MySQL/MariaDB several engine processes may fetch at once. A single
   * `… ORDER BY … LIMIT n FOR UPDATE SKIP LOCKED` is not enough there: InnoDB locks every row it
   * reads before sorting, so one fetch would lock (and hide from the others) all matching tasks
   * while returning only n. So: read candidates without locks, then lock them by primary key with
   * SKIP LOCKED, re-checking that each is still fetchable (another fetch may have committed a lock
   * since), until n are locked. The candidates are locked in batches, as many at once as are still
   * wanted (`id IN (…)`, no LIMIT: InnoDB reads exactly those rows, locks each it returns and skips
   * those another transaction holds, so nothing is locked that is not handed out); a batch that
   * comes back short is followed by the next candidates. One statement where there were n.
   *
   * Candidates found by the look before the fetch (`q.candidates`, read without locks just before,
   * as the candidate read here would be) are locked first, saving that read's round trip. A fresh
   * candidate read follows only when they were not enough although more may be fetchable: one of
   * them was locked by another fetch meanwhile, or the look was cut at its limit. With `along`, the
   * first batch of them is locked in the round trip of the caller's reads (see LockAlong).
   */
  async findFetchableExternalTasks(
    q: FetchableExternalTaskQuery,
    along?: LockAlong,
  ): Promise<EngineExternalTask[]> {
    if (this.dialect === 'sqlite') {
      this.count1();
      return this.fetchable(q, { select: 'task', limit: q.limit });
    }
    const locked: EngineExternalTask[] = [];
    const tried = new Set<string>();
    let sendAlong = q.candidates ? along : undefined; // the look's first batch only
    const lockSome = async (candidates: readonly FetchCandidate[]): Promise<boolean> => {
      let missed = false;
      let untried = candidates.filter((c) => !tried.has(c.id));
      while (locked.length < q.limit && untried.length > 0) {
        const batch = untried.slice(0, q.limit - locked.length);
        untried = untried.slice(batch.length);
        for (const c of batch) tried.add(c.id);
        const send = sendAlong;
        sendAlong = undefined;
        const ids = batch.map((c) => c.id);
        const rows = await this.lockFetchable(ids, q.now, send && ((lock) => send(lock, batch)));
        if (rows.length < batch.length) missed = true;
        locked.push(...rows);
      }
      return missed;
    };
    if (q.candidates) {
      const missed = await lockSome(q.candidates);
      const cut = q.candidates.length >= candidateLimit(q.limit);
      if (locked.length >= q.limit || !(missed || cut)) return locked;
    }
    await lockSome(await this.candidates(q, 'id'));
    return locked;
  }

  /**
   * What a fetch would try to lock first, without locking anything (the look before a fetch, and
   * the long-poll re-check): none if nothing is fetchable. On MySQL/MariaDB the candidates in
   * fetch order with their keys, to hand back to findFetchableExternalTasks as `candidates`; on
   * SQLite one id at most (its fetch is one statement anyway).
   */
  async lookForFetchableExternalTasks(q: FetchableExternalTaskQuery): Promise<FetchCandidate[]> {
    if (this.dialect === 'mysql') return this.candidates(q, 'keys');
    this.count1();
    const [row] = await this.fetchable({ ...q, limit: 1, usePriority: false }, { select: 'id', limit: 1 });
    return row ? [{ id: row.id }] : [];
  }

  /**
   * MySQL: the tasks to try to lock, in fetch order, without locks: their ids, with `keys` their
   * execution and process instance too (the look's, for the reads sent along with the lock).
   */
  private async candidates(q: FetchableExternalTaskQuery, select: 'id' | 'keys'): Promise<FetchCandidate[]> {
    this.count1();
    const rows = await this.fetchable(q, { select, limit: candidateLimit(q.limit) });
    if (select === 'id') return rows.map((r) => ({ id: r.id }));
    return rows.map((r) => ({
      id: r.id,
      keys: { executionId: r.executionId, processInstanceId: r.processInstanceId },
    }));
  }

  /**
   * MySQL: locks those of tasks `ids` that are still fetchable and that no other transaction
   * holds; returned in the order of `ids` (the fetch order the candidates were read in). With
   * `along`, in the round trip of reads of the caller's when it can (see LockAlong).
   */
  private async lockFetchable(
    ids: string[],
    now: Date,
    along?: (lock: { sql: string; parameters: unknown[] }) => Promise<Record<string, unknown>[] | null>,
  ): Promise<EngineExternalTask[]> {
    const params = { ids, now, suspended: false };
    const build = () =>
      this.em
        .getRepository(EngineExternalTask)
        .createQueryBuilder('t')
        .where('t.id IN (:...ids)')
        .andWhere('(t.lockExpirationTime IS NULL OR t.lockExpirationTime <= :now)')
        .andWhere('(t.retries IS NULL OR t.retries > 0)')
        .andWhere('t.suspended = :suspended')
        .setParameters(params)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked');
    const built = this.shapes?.select('lock fetchable', params, build);
    const sentAlong = built && along ? await along(built) : null;
    if (!sentAlong) this.count1();
    const rows = sentAlong
      ? built!.hydrate(sentAlong)
      : built
        ? built.hydrate((await this.em.query(built.sql, built.parameters)) as Record<string, unknown>[])
        : await build().getMany();
    if (rows.length < 2) return rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Jobs the executor may acquire now: due, unlocked or lock expired, retries left, not suspended;
   * earliest due first. On MySQL/MariaDB each candidate is then locked by primary key with
   * `FOR UPDATE SKIP LOCKED` (see findFetchableExternalTasks for why not in one statement), so
   * engine processes sharing the database never acquire the same job.
   */
  async findAcquirableJobs(now: Date, limit: number): Promise<EngineJob[]> {
    this.count1();
    const query = () =>
      this.em
        .getRepository(EngineJob)
        .createQueryBuilder('j')
        .where('j.dueDate IS NOT NULL AND j.dueDate <= :now', { now })
        .andWhere(
          new Brackets((b) =>
            b.where('j.lockExpirationTime IS NULL').orWhere('j.lockExpirationTime <= :now', { now }),
          ),
        )
        .andWhere('j.retries > 0')
        .andWhere('j.suspended = :suspended', { suspended: false });
    const ordered = query().orderBy('j.dueDate', 'ASC').addOrderBy('j.id', 'ASC');
    if (this.dialect === 'sqlite') return ordered.limit(limit).getMany();
    const candidates = await ordered.limit(limit * 3 + 10).getMany();
    const locked: EngineJob[] = [];
    for (const c of candidates) {
      if (locked.length >= limit) break;
      this.count1();
      const row = await query()
        .andWhere('j.id = :id', { id: c.id })
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getOne();
      if (row) locked.push(row);
    }
    return locked;
  }

  /**
   * The filters and order of a fetch as texts with `:named` parameters: what names its statement's
   * shape (see builder-shapes.ts), and what fetchableQuery hands the builder.
   */
  private fetchablePlan(q: FetchableExternalTaskQuery): {
    where: string[];
    order: [string, 'ASC' | 'DESC'][];
    params: Record<string, unknown>;
  } {
    const where = [
      't.topicName = :topic',
      '(t.lockExpirationTime IS NULL OR t.lockExpirationTime <= :now)',
      '(t.retries IS NULL OR t.retries > 0)',
      't.suspended = :suspended',
    ];
    const params: Record<string, unknown> = { topic: q.topicName, now: q.now, suspended: false };
    if (q.businessKey !== undefined) {
      where.push('t.businessKey = :bk');
      params.bk = q.businessKey;
    }
    if (q.processDefinitionIds?.length) {
      where.push('t.processDefinitionId IN (:...pdIds)');
      params.pdIds = q.processDefinitionIds;
    }
    if (q.processDefinitionKeys?.length) {
      where.push('t.processDefinitionKey IN (:...pdKeys)');
      params.pdKeys = q.processDefinitionKeys;
    }
    if (q.processDefinitionVersionTag !== undefined) {
      where.push('t.processDefinitionVersionTag = :vt');
      params.vt = q.processDefinitionVersionTag;
    }
    if (q.withoutTenantId) where.push('t.tenantId IS NULL');
    else if (q.tenantIds?.length) {
      where.push('t.tenantId IN (:...tenants)');
      params.tenants = q.tenantIds;
    }
    (q.processVariables ?? []).forEach((v, i) => {
      where.push(
        `EXISTS (SELECT 1 FROM eng_variable pv${i} WHERE pv${i}.processInstanceId = t.processInstanceId AND pv${i}.name = :pvn${i} AND ` +
          (v.text === null ? `pv${i}.textValue IS NULL)` : `pv${i}.textValue = :pvv${i})`),
      );
      params[`pvn${i}`] = v.name;
      if (v.text !== null) params[`pvv${i}`] = v.text;
    });
    const order: [string, 'ASC' | 'DESC'][] = [];
    if (q.usePriority) order.push(['t.priority', 'DESC']);
    order.push(['t.createTime', q.createTimeOrder ?? 'ASC'], ['t.id', 'ASC']);
    return { where, order, params };
  }

  /**
   * The fetch's statement: selecting `select` (the whole task, or its id), at most `limit` rows,
   * from the text cached for its shape when there is one (see builder-shapes.ts), else built.
   */
  private async fetchable(
    q: FetchableExternalTaskQuery,
    options: { select: 'task' | 'id' | 'keys'; limit: number },
  ): Promise<EngineExternalTask[]> {
    const plan = this.fetchablePlan(q);
    const build = () => {
      let qb = this.em.getRepository(EngineExternalTask).createQueryBuilder('t');
      if (options.select === 'id') qb = qb.select('t.id');
      if (options.select === 'keys') qb = qb.select(['t.id', 't.executionId', 't.processInstanceId']);
      for (const w of plan.where) qb = qb.andWhere(w);
      for (const [column, direction] of plan.order) qb = qb.addOrderBy(column, direction);
      return qb.setParameters(plan.params).limit(options.limit);
    };
    const shape = `fetchable ${options.select} ${options.limit} ${plan.where.join(' AND ')} ORDER BY ${plan.order.join(',')}`;
    const built = this.shapes?.select(shape, plan.params, build);
    if (!built) return build().getMany();
    return built.hydrate((await this.em.query(built.sql, built.parameters)) as Record<string, unknown>[]);
  }
}
