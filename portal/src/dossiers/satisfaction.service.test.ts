import { describe, expect, it } from '@jest/globals';
import type { AuditRecord, Dossier, SatisfactionRating } from '@motcua/db/portal';
import type { DossierProgress } from './dossier-status.js';
import { SatisfactionService, parseRating } from './satisfaction.service.js';

describe('satisfaction rating', () => {
  it.each([
    [
      { score: '4', comment: '  Tốt  ' },
      { score: 4, comment: 'Tốt' },
    ],
    [
      { score: '1', comment: '' },
      { score: 1, comment: null },
    ],
    [
      { score: 5, comment: undefined },
      { score: 5, comment: null },
    ],
  ])('accepts %j', (input, parsed) => {
    expect(parseRating(input)).toEqual(parsed);
  });

  it.each([{ score: '0' }, { score: '6' }, { score: '4.5' }, { score: 'hài lòng' }, { score: undefined }])(
    'refuses %j with a Vietnamese message',
    (input) => {
      expect(parseRating({ comment: '', ...input })).toEqual({ message: 'Vui lòng chọn một mức đánh giá.' });
    },
  );

  it('refuses a comment over 1000 characters', () => {
    expect(parseRating({ score: '3', comment: 'x'.repeat(1001) })).toEqual({
      message: 'Góp ý tối đa 1000 ký tự.',
    });
  });

  it('rates only after the result (status 10), once, audited', async () => {
    const saved: SatisfactionRating[] = [];
    const audit: AuditRecord[] = [];
    let status = 9;
    const service = new SatisfactionService({
      ratings: {
        record: async (r: SatisfactionRating) => {
          if (saved.some((s) => s.dossierId === r.dossierId)) return false;
          saved.push(r);
          return true;
        },
      } as never,
      audit: { append: async (r: AuditRecord) => void audit.push(r) } as never,
      progressOf: async () => ({ statusCode: status }) as DossierProgress,
    });
    const dossier = { id: 'd1', procedureCode: '1.009846' } as Dossier;
    expect(await service.rate(dossier, 'u1', { score: '5', comment: '' }, 'ip')).toEqual({ kind: 'not-yet' });
    status = 10;
    expect(await service.rate(dossier, 'u1', { score: '5', comment: '' }, 'ip')).toEqual({
      kind: 'recorded',
    });
    expect(await service.rate(dossier, 'u1', { score: '1', comment: '' }, 'ip')).toEqual({
      kind: 'already-rated',
    });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      dossierId: 'd1',
      applicantId: 'u1',
      procedureCode: '1.009846',
      score: 5,
    });
    expect(audit.map((a) => a.action)).toEqual(['dossier.rated']);
  });
});
