import type { AuditStore, Dossier, SatisfactionRating, SatisfactionStore } from '@motcua/db/portal';
import type { DossierProgress } from './dossier-status.js';

/** The national status of a returned result (approval or refusal): rating opens then. */
const RESULT_RETURNED = 10;

export const RATING_LABELS_VI: Record<number, string> = {
  5: 'Rất hài lòng',
  4: 'Hài lòng',
  3: 'Bình thường',
  2: 'Không hài lòng',
  1: 'Rất không hài lòng',
};

export type RatingOutcome =
  { kind: 'recorded' } | { kind: 'invalid'; message: string } | { kind: 'not-yet' | 'already-rated' };

export interface RatingInput {
  score: unknown;
  comment: unknown;
}

/** Checks a rating form: a score 1–5 and an optional comment of at most 1000 characters. */
export function parseRating(
  input: RatingInput,
): { score: number; comment: string | null } | { message: string } {
  const score = typeof input.score === 'string' ? Number(input.score) : input.score;
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 5)
    return { message: 'Vui lòng chọn một mức đánh giá.' };
  const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
  if (comment.length > 1000) return { message: 'Góp ý tối đa 1000 ký tự.' };
  return { score, comment: comment || null };
}

/**
 * The applicant's satisfaction rating, once per dossier and only after the result was returned
 * (status 10); audited (`dossier.rated`). The ratings wait in `satisfaction_rating` for reporting.
 */
export class SatisfactionService {
  constructor(
    private readonly deps: {
      ratings: SatisfactionStore;
      audit: AuditStore;
      progressOf(d: Dossier): Promise<DossierProgress | null>;
      clock?: () => Date;
    },
  ) {}

  canRate(progress: DossierProgress | null): boolean {
    return progress?.statusCode === RESULT_RETURNED;
  }

  ratingOf(dossierId: string): Promise<SatisfactionRating | null> {
    return this.deps.ratings.findByDossier(dossierId);
  }

  async rate(dossier: Dossier, userId: string, input: RatingInput, ip: string): Promise<RatingOutcome> {
    const parsed = parseRating(input);
    if ('message' in parsed) return { kind: 'invalid', message: parsed.message };
    const progress = await this.deps.progressOf(dossier).catch(() => null);
    if (!this.canRate(progress)) return { kind: 'not-yet' };
    const recorded = await this.deps.ratings.record({
      dossierId: dossier.id,
      applicantId: userId,
      procedureCode: dossier.procedureCode,
      score: parsed.score,
      comment: parsed.comment,
      ratedAt: (this.deps.clock ?? (() => new Date()))(),
    });
    if (!recorded) return { kind: 'already-rated' };
    await this.deps.audit.append({
      actor: userId,
      action: 'dossier.rated',
      target: `dossier:${dossier.id}`,
      detail: { score: parsed.score, withComment: parsed.comment !== null },
      ip,
    });
    return { kind: 'recorded' };
  }
}
