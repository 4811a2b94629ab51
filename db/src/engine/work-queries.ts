import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { EngineExternalTask, EngineJob } from './entities.js';
import type { EngineDialect } from './store-where.js';

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
}

/** The fetch and acquisition queries inside one transaction. */
export class WorkQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly dialect: EngineDialect,
    /** Counts one statement (EngineTx's statement counter). */
    private readonly count1: () => void,
  ) {}

  /**
   * External tasks of a topic a worker may lock now: unlocked or lock expired, retries not
   * exhausted, not suspended, in fetch order.
   *
   * On MySQL/MariaDB several engine processes may fetch at once. A single
   * `… ORDER BY … LIMIT n FOR UPDATE SKIP LOCKED` is not enough there: InnoDB locks every row it
   * reads before sorting, so one fetch would lock (and hide from the others) all matching tasks
   * while returning only n. So: read candidates without locks, then lock them one by one by
   * primary key with SKIP LOCKED, re-checking that each is still fetchable (another fetch may have
   * committed a lock since), until n are locked.
   */
  async findFetchableExternalTasks(q: FetchableExternalTaskQuery): Promise<EngineExternalTask[]> {
    this.count1();
    if (this.dialect === 'sqlite') return this.fetchableQuery(q).limit(q.limit).getMany();
    const candidates = await this.fetchableQuery(q)
      .limit(q.limit * 3 + 10)
      .getMany();
    const locked: EngineExternalTask[] = [];
    for (const c of candidates) {
      if (locked.length >= q.limit) break;
      this.count1();
      const row = await this.em
        .getRepository(EngineExternalTask)
        .createQueryBuilder('t')
        .where('t.id = :id', { id: c.id })
        .andWhere(this.fetchableCondition(q.now))
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getOne();
      if (row) locked.push(row);
    }
    return locked;
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

  /** Whether any task of the topic is fetchable, without locking anything (the long-poll re-check). */
  async hasFetchableExternalTasks(
    q: Omit<FetchableExternalTaskQuery, 'limit' | 'usePriority'>,
  ): Promise<boolean> {
    this.count1();
    const row = await this.fetchableQuery({ ...q, limit: 1, usePriority: false })
      .select('t.id')
      .limit(1)
      .getOne();
    return row !== null;
  }

  private fetchableCondition(now: Date): Brackets {
    return new Brackets((w) =>
      w
        .where(
          new Brackets((b) =>
            b.where('t.lockExpirationTime IS NULL').orWhere('t.lockExpirationTime <= :now', { now }),
          ),
        )
        .andWhere(new Brackets((b) => b.where('t.retries IS NULL').orWhere('t.retries > 0')))
        .andWhere('t.suspended = :suspended', { suspended: false }),
    );
  }

  private fetchableQuery(q: FetchableExternalTaskQuery): SelectQueryBuilder<EngineExternalTask> {
    let qb = this.em
      .getRepository(EngineExternalTask)
      .createQueryBuilder('t')
      .where('t.topicName = :topic', { topic: q.topicName })
      .andWhere(this.fetchableCondition(q.now));
    if (q.businessKey !== undefined) qb = qb.andWhere('t.businessKey = :bk', { bk: q.businessKey });
    if (q.processDefinitionIds?.length)
      qb = qb.andWhere('t.processDefinitionId IN (:...pdIds)', { pdIds: q.processDefinitionIds });
    if (q.processDefinitionKeys?.length)
      qb = qb.andWhere('t.processDefinitionKey IN (:...pdKeys)', { pdKeys: q.processDefinitionKeys });
    if (q.processDefinitionVersionTag !== undefined) {
      qb = qb.andWhere('t.processDefinitionVersionTag = :vt', { vt: q.processDefinitionVersionTag });
    }
    if (q.withoutTenantId) qb = qb.andWhere('t.tenantId IS NULL');
    else if (q.tenantIds?.length) qb = qb.andWhere('t.tenantId IN (:...tenants)', { tenants: q.tenantIds });
    (q.processVariables ?? []).forEach((v, i) => {
      qb = qb.andWhere(
        `EXISTS (SELECT 1 FROM eng_variable pv${i} WHERE pv${i}.processInstanceId = t.processInstanceId AND pv${i}.name = :pvn${i} AND ` +
          (v.text === null ? `pv${i}.textValue IS NULL)` : `pv${i}.textValue = :pvv${i})`),
        { [`pvn${i}`]: v.name, [`pvv${i}`]: v.text },
      );
    });
    if (q.usePriority) qb = qb.orderBy('t.priority', 'DESC');
    return qb.addOrderBy('t.createTime', q.createTimeOrder ?? 'ASC').addOrderBy('t.id', 'ASC');
  }
}
