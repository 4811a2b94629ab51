import { Brackets, type DataSource } from 'typeorm';
import { DossierEntity } from './dossier.entity.js';
import { toDossier, type Dossier } from './portal-stores.js';

/** Statuses after which a dossier has no due date to keep: not accepted, withdrawn, stopped, returned. */
export const ENDED_STATUS_CODES = [3, 7, 8, 10] as const;

export interface OfficerDossierFilter {
  /** The procedures the officer has a step in (their units' dossiers). Empty → nothing. */
  procedureKeys: string[];
  /** Part of the dossier code, any letter case. */
  code?: string;
  /** Part of the applicant's name. */
  applicant?: string;
  statusCode?: number;
  /**
   * `near`: running, due from `today` up to `nearUntil` (both included); `overdue`: running, due
   * before `today`. Both need `today`/`nearUntil` as `YYYY-MM-DD` in Vietnam time.
   */
  due?: 'near' | 'overdue';
  today: string;
  nearUntil: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface OfficerDossierPage {
  rows: Dossier[];
  total: number;
}

/**
 * `%`, `_` and the escape character match literally inside the LIKE pattern. `!` is the escape
 * character because a backslash is itself an escape in MySQL string literals but not in SQLite's.
 */
function likeContains(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * The officers' dossier list: one SQL query for the page and one COUNT, both limited to the
 * officer's procedures and served by the indexes on (procedure_key, submitted_at / due_date /
 * status_code). Nothing is filtered or counted in memory.
 */
export class OfficerDossierQuery {
  constructor(private readonly ds: DataSource) {}

  async list(f: OfficerDossierFilter): Promise<OfficerDossierPage> {
    if (!f.procedureKeys.length) return { rows: [], total: 0 };
    const q = this.ds
      .getRepository(DossierEntity)
      .createQueryBuilder('d')
      .where('d.procedure_key IN (:...keys)', { keys: f.procedureKeys })
      .andWhere("d.engine_state = 'started'");
    const code = f.code?.trim();
    if (code)
      q.andWhere("UPPER(d.dossier_code) LIKE :code ESCAPE '!'", { code: likeContains(code.toUpperCase()) });
    const applicant = f.applicant?.trim();
    if (applicant)
      q.andWhere("LOWER(d.applicant_name) LIKE :applicant ESCAPE '!'", {
        applicant: likeContains(applicant.toLowerCase()),
      });
    if (f.statusCode !== undefined) q.andWhere('d.status_code = :status', { status: f.statusCode });
    if (f.due) {
      q.andWhere('d.due_date IS NOT NULL').andWhere(
        new Brackets((w) => {
          w.where('d.status_code IS NULL').orWhere('d.status_code NOT IN (:...ended)', {
            ended: [...ENDED_STATUS_CODES],
          });
        }),
      );
      if (f.due === 'overdue') q.andWhere('d.due_date < :today', { today: f.today });
      else
        q.andWhere('d.due_date >= :today AND d.due_date <= :until', { today: f.today, until: f.nearUntil });
    }
    const size = Math.max(1, Math.min(100, f.pageSize));
    const page = Math.max(1, f.page);
    const [rows, total] = await Promise.all([
      q
        .clone()
        .orderBy(f.due ? 'd.dueDate' : 'd.submittedAt', f.due ? 'ASC' : 'DESC')
        .addOrderBy('d.id', 'ASC')
        .offset((page - 1) * size)
        .limit(size)
        .getMany(),
      q.clone().getCount(),
    ]);
    return { rows: rows.map(toDossier), total };
  }
}
