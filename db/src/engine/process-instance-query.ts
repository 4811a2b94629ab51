import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { EngineExecution } from './entities.js';
import type { VariableCondition } from './task-query.js';

/** `GET /process-instance` in the database: filters, variable conditions as semi-joins, paging. */

export interface ProcessInstanceQuery {
  processInstanceIds?: string[];
  businessKey?: string;
  businessKeyLike?: string;
  processDefinitionKey?: string;
  processDefinitionId?: string;
  superProcessInstance?: string;
  variables?: VariableCondition[];
  sortBy?: 'id' | 'processDefinitionKey' | 'processDefinitionId' | 'businessKey';
  sortOrder?: 'ASC' | 'DESC';
  skip?: number;
  take?: number;
}

/** The process-instance query inside one transaction. */
export class ProcessInstanceQueries {
  constructor(
    private readonly em: EntityManager,
    /** Counts one statement (EngineTx's statement counter). */
    private readonly count1: () => void,
  ) {}

  private processInstanceQueryBuilder(q: ProcessInstanceQuery): SelectQueryBuilder<EngineExecution> {
    let qb = this.em
      .getRepository(EngineExecution)
      .createQueryBuilder('e')
      .where('e.isProcessInstance = :pi', { pi: true });
    if (q.processInstanceIds)
      qb = qb.andWhere('e.id IN (:...piIds)', {
        piIds: q.processInstanceIds.length ? q.processInstanceIds : [''],
      });
    if (q.businessKey !== undefined) qb = qb.andWhere('e.businessKey = :bk', { bk: q.businessKey });
    if (q.businessKeyLike !== undefined)
      qb = qb.andWhere('e.businessKey LIKE :bkl', { bkl: q.businessKeyLike });
    if (q.processDefinitionKey !== undefined)
      qb = qb.andWhere('e.processDefinitionKey = :pdk', { pdk: q.processDefinitionKey });
    if (q.processDefinitionId !== undefined)
      qb = qb.andWhere('e.processDefinitionId = :pdid', { pdid: q.processDefinitionId });
    if (q.superProcessInstance !== undefined)
      qb = qb.andWhere('e.superProcessInstanceId = :spi', { spi: q.superProcessInstance });
    (q.variables ?? []).forEach((v, i) => {
      const cmp = v.op === 'eq' ? '=' : v.op === 'neq' ? '<>' : 'LIKE';
      qb = qb.andWhere(
        // A semi-join on the (name, textValue) index, as in the task query.
        `e.id IN (SELECT v${i}.processInstanceId FROM eng_variable v${i} WHERE v${i}.name = :vn${i} AND ` +
          (v.text === null
            ? `v${i}.textValue IS ${v.op === 'neq' ? 'NOT ' : ''}NULL)`
            : `v${i}.textValue ${cmp} :vv${i})`),
        { [`vn${i}`]: v.name, [`vv${i}`]: v.text },
      );
    });
    return qb;
  }

  async queryProcessInstances(q: ProcessInstanceQuery): Promise<EngineExecution[]> {
    this.count1();
    let qb = this.processInstanceQueryBuilder(q);
    if (q.sortBy) qb = qb.orderBy(`e.${q.sortBy}`, q.sortOrder ?? 'ASC');
    qb = qb.addOrderBy('e.id', 'ASC');
    if (q.skip !== undefined) qb = qb.offset(q.skip);
    if (q.take !== undefined) qb = qb.limit(q.take);
    else if (q.skip !== undefined) qb = qb.limit(2 ** 31 - 1);
    return qb.getMany();
  }

  async countProcessInstances(q: ProcessInstanceQuery): Promise<number> {
    this.count1();
    const row = await this.processInstanceQueryBuilder(q)
      .select('COUNT(*)', 'cnt')
      .getRawOne<{ cnt: number | string }>();
    return Number(row?.cnt ?? 0);
  }
}
