import { describe, expect, it } from '@jest/globals';
import type { Dossier, DossierDocument, DossierHistoryEntry } from '@motcua/db/portal';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import { deriveDossierProgress } from '../dossiers/dossier-status.js';
import { availableForms, legalFormPage, longDateVi } from './legal-forms.js';

const dossier = {
  id: 'd1',
  dossierCode: 'BKHCN-260305-00001',
  procedureKey: 'p',
  submittedAt: new Date('2026-03-05T02:00:00Z'),
  submittedData: { fullName: 'Nguyễn <b>An</b>', address: 'Hà Nội' },
} as unknown as Dossier;
const procedure = { nameVi: 'Thủ tục thử', agencyVi: 'Cục An toàn bức xạ và hạt nhân' } as CatalogueEntry;
const at = (activityId: string, ended = true) => ({
  activityId,
  endTime: ended ? '2026-03-05T03:00:00.000+0000' : null,
  canceled: false,
});
const history = (kind: string): DossierHistoryEntry =>
  ({ kind, at: new Date('2026-03-05T03:00:00Z') }) as DossierHistoryEntry;

describe('legal forms', () => {
  it('writes the long date of administrative documents', () => {
    expect(longDateVi('2026-03-05')).toBe('ngày 05 tháng 03 năm 2026');
    expect(longDateVi(null)).toBe('ngày … tháng … năm …');
  });

  it('offers form 01 once accepted, 02 after a supplement request, 03 on refusal, 04/05 from documents', () => {
    const variables = { dossierCode: 'BKHCN-260305-00001', appointmentDate: '2026-03-20' };
    const checking = deriveDossierProgress({
      activities: [at('UserTask_CheckCompleteness', false)],
      variables,
    });
    expect(availableForms({ dossier, procedure, progress: checking, history: [], documents: [] })).toEqual(
      [],
    );
    const appraising = deriveDossierProgress({
      activities: [at('UserTask_AppraiseDossier', false)],
      variables,
    });
    const docs = [
      { kind: 'apology-letter', titleVi: 'Phiếu xin lỗi', createdAt: new Date(), body: 'Xin lỗi' },
    ] as DossierDocument[];
    expect(
      availableForms({
        dossier,
        procedure,
        progress: appraising,
        history: [history('supplement-requested'), history('accepted')],
        documents: docs,
      }).map((f) => f.no),
    ).toEqual(['01', '02', '04']);
    const refused = deriveDossierProgress({
      activities: [at('EndEvent_NotAccepted')],
      variables: { ...variables, completenessNote: 'Thiếu giấy tờ' },
    });
    expect(
      availableForms({ dossier, procedure, progress: refused, history: [], documents: [] }).map((f) => f.no),
    ).toEqual(['03']);
  });

  it("dates form 03 and the refusal letter by the end event while the dossier's history has not recorded it", () => {
    const variables = { dossierCode: 'BKHCN-260305-00001' };
    const notAccepted = deriveDossierProgress({ activities: [at('EndEvent_NotAccepted')], variables });
    expect(availableForms({ dossier, procedure, progress: notAccepted, history: [], documents: [] })).toEqual(
      [expect.objectContaining({ no: '03', issuedAt: '2026-03-05T03:00:00.000+0000' })],
    );
    const refused = deriveDossierProgress({
      activities: [at('UserTask_ApproveDossier'), at('EndEvent_Refused')],
      variables: { ...variables, outcome: 'refused', decisionNote: 'Hết hiệu lực' },
    });
    const letter = availableForms({ dossier, procedure, progress: refused, history: [], documents: [] }).at(
      -1,
    )!;
    expect(letter.issuedAt).toBe('2026-03-05T03:00:00.000+0000');
    const page = legalFormPage(
      { dossier, procedure, progress: refused, history: [], documents: [] },
      letter,
      '/ho-so/d1',
    ).toString();
    expect(page).toContain('Ngày 05 tháng 03 năm 2026');
    // Once the history has the end, its own entry dates the letter.
    const recorded = { ...history('refused'), statusCode: 10, at: new Date('2026-03-06T03:00:00Z') };
    expect(
      availableForms({ dossier, procedure, progress: refused, history: [recorded], documents: [] }).at(-1)!
        .issuedAt,
    ).toEqual(new Date('2026-03-06T03:00:00Z'));
  });

  it('prints the slip with the heading, the code, dd/mm/yyyy dates and the applicant escaped', () => {
    const progress = deriveDossierProgress({
      activities: [at('UserTask_AppraiseDossier', false)],
      variables: { dossierCode: 'BKHCN-260305-00001', appointmentDate: '2026-03-20' },
    });
    const facts = { dossier, procedure, progress, history: [history('accepted')], documents: [] };
    const page = legalFormPage(facts, availableForms(facts)[0]!, '/ho-so/d1').toString();
    expect(page).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(page).toContain('CỤC AN TOÀN BỨC XẠ VÀ HẠT NHÂN');
    expect(page).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(page).toMatch(/class="appointment"\s*>20\/03\/2026</);
    expect(page).toContain('Ngày 05 tháng 03 năm 2026');
    expect(page).toContain('Nguyễn &lt;b&gt;An&lt;/b&gt;');
  });
});
