import { Between, Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';
import { invalidateReportMonths } from '../reports/month-summary.js';

/** An applicant's satisfaction with a returned result: one row per dossier (its primary key). */
@Entity({ name: 'satisfaction_rating' })
export class SatisfactionRatingEntity {
  @PrimaryColumn({ name: 'dossier_id', type: 'varchar', length: 36 })
  dossierId!: string;

  @Column({ name: 'applicant_id', type: 'varchar', length: 36 })
  applicantId!: string;

  @Column({ name: 'procedure_code', type: 'varchar', length: 200 })
  procedureCode!: string;

  /** 1 (rất không hài lòng) … 5 (rất hài lòng). */
  @Column({ type: 'integer' })
  score!: number;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'rated_at', type: 'datetime', precision: 3 })
  ratedAt!: Date;
}

export interface SatisfactionRating {
  dossierId: string;
  applicantId: string;
  procedureCode: string;
  score: number;
  comment: string | null;
  ratedAt: Date;
}

/** Scores counted as satisfied ("hài lòng" and "rất hài lòng") in the reporting share. */
export const SATISFIED_MIN_SCORE = 4;

export interface SatisfactionSummary {
  count: number;
  satisfied: number;
  /** satisfied / count, or null without ratings (the plan's target is ≥ 0.9). */
  satisfiedShare: number | null;
  byScore: Record<1 | 2 | 3 | 4 | 5, number>;
}

function isDuplicate(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT');
}

/** Ratings: written once per dossier, read for the dossier page and summed for reporting. */
export class SatisfactionStore {
  constructor(private readonly ds: DataSource) {}

  /** `false` when the dossier was rated already (the first rating stays; never updated). */
  async record(r: SatisfactionRating): Promise<boolean> {
    if (!Number.isInteger(r.score) || r.score < 1 || r.score > 5)
      throw new Error(`Score ${r.score} is outside 1..5`);
    try {
      await this.ds.transaction(async (em) => {
        await em.getRepository(SatisfactionRatingEntity).insert({ ...r });
        // A rating counts in the report month it is dated in, which may be a closed one.
        await invalidateReportMonths(em, r.ratedAt);
      });
      return true;
    } catch (err) {
      if (isDuplicate(err)) return false;
      throw err;
    }
  }

  async findByDossier(dossierId: string): Promise<SatisfactionRating | null> {
    const e = await this.ds.getRepository(SatisfactionRatingEntity).findOneBy({ dossierId });
    return e ? { ...e } : null;
  }

  /** For the reporting issue: the ratings given in [from, to), optionally of one procedure. */
  async summary(filter: { from: Date; to: Date; procedureCode?: string }): Promise<SatisfactionSummary> {
    const rows = await this.ds.getRepository(SatisfactionRatingEntity).find({
      select: { score: true },
      where: {
        ratedAt: Between(filter.from, new Date(filter.to.getTime() - 1)),
        ...(filter.procedureCode ? { procedureCode: filter.procedureCode } : {}),
      },
    });
    const byScore = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } as SatisfactionSummary['byScore'];
    for (const r of rows) byScore[r.score as 1 | 2 | 3 | 4 | 5] += 1;
    const satisfied = rows.filter((r) => r.score >= SATISFIED_MIN_SCORE).length;
    return {
      count: rows.length,
      satisfied,
      satisfiedShare: rows.length ? satisfied / rows.length : null,
      byScore,
    };
  }
}
