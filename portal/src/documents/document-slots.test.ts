import { describe, expect, it } from '@jest/globals';
import { loadPublishedCatalogue } from '@motcua/processes';
import type { DossierHistoryEntry } from '@motcua/db/portal';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import { acceptAttribute, procedureDocuments } from './document-slots.js';
import { latestRoundRequest } from './document-requests.js';
import { DocumentService } from './document.service.js';

const catalogue = loadPublishedCatalogue();
const entry = (key: string) => catalogue.find((e) => e.key === key)!;

/** An entry whose description lists the given documents (the rest of the entry does not matter here). */
function withDocuments(
  requiredDocuments: CatalogueEntry['metadata']['requiredDocuments'],
  unknown: CatalogueEntry['metadata']['unknown'] = [],
): CatalogueEntry {
  const base = entry('most-chung-chi-nhan-vien-buc-xa');
  return { ...base, metadata: { ...base.metadata, requiredDocuments, unknown } };
}

describe('procedureDocuments: the catalogue’s documents as upload slots', () => {
  it('lists 1.009846’s five documents with what the catalogue knows', () => {
    const { slots, unknownNote } = procedureDocuments(entry('most-chung-chi-nhan-vien-buc-xa'));
    expect(unknownNote).toBeNull();
    expect(slots.map((s) => [s.mandatory, s.copies, s.form])).toEqual([
      [true, 1, null],
      [true, 1, 'copy'],
      [true, 1, 'copy'],
      [true, 1, null],
      [true, 3, null],
    ]);
    expect(slots[1]!.nameVi).toMatch(/^Bản sao giấy chứng nhận đào tạo/);
    // The catalogue lists no file types: PDF, JPEG and PNG.
    expect(slots.every((s) => s.kinds.join() === 'pdf,jpeg,png')).toBe(true);
  });

  it('turns an imported procedure’s documents into its upload slots, one per document', () => {
    // 1.014392 (most-procedures-more.csv): two documents separated by ";" on the source page.
    const imported = catalogue.find((e) => e.code === '1.014392')!;
    expect(imported.origin).toBe('generated');
    const { slots, unknownNote } = procedureDocuments(imported);
    expect(unknownNote).toBeNull();
    expect(slots.map((s) => [s.index, s.mandatory])).toEqual([
      [0, null],
      [1, null],
    ]);
    expect(slots.map((s) => s.nameVi)).toEqual(imported.metadata.requiredDocuments.map((d) => d.nameVi));
    expect(slots[0]!.nameVi).toMatch(/^Đơn đề nghị thay đổi, bổ sung hoặc cấp lại giấy chứng nhận/);
  });

  it('says unknown where the catalogue does not know, never guesses', () => {
    const docs = procedureDocuments(
      withDocuments([{ nameVi: 'Tờ khai', mandatory: null, acceptedFileTypes: ['docx', 'xlsx'] }]),
    );
    expect(docs.slots[0]).toEqual({
      index: 0,
      nameVi: 'Tờ khai',
      mandatory: null,
      copies: null,
      form: null,
      templateVi: null,
      // Word only where listed; a type the portal cannot check by its bytes (xlsx) is not offered.
      kinds: ['pdf', 'jpeg', 'png', 'docx'],
    });
    const none = procedureDocuments(
      withDocuments([], [{ fact: 'requiredDocuments', note: 'Nguồn chưa ghi thành phần hồ sơ.' }]),
    );
    expect(none).toEqual({ slots: [], unknownNote: 'Nguồn chưa ghi thành phần hồ sơ.' });
  });

  it('every published procedure either lists its documents or says they are unknown', () => {
    for (const e of catalogue) {
      const d = procedureDocuments(e);
      expect(d.slots.length > 0 || (d.unknownNote ?? '').length > 0).toBe(true);
    }
  });

  it('builds the file input’s accept list from the kinds', () => {
    expect(acceptAttribute(['pdf', 'png'])).toBe('.pdf,application/pdf,.png,image/png');
  });
});

describe('DocumentService.pendingRequest: what the current supplement round asks for', () => {
  const h = (kind: string, detail: Record<string, unknown> | null = null): DossierHistoryEntry => ({
    id: 0,
    eventKey: kind,
    dossierId: 'd',
    processInstanceId: null,
    statusCode: null,
    kind,
    textVi: '',
    actor: 'x',
    detail,
    at: new Date(),
  });
  const asked = (slot: number) =>
    h('documents-requested', { documents: [{ slot, nameVi: `Tài liệu ${slot}`, reason: 'mờ' }] });

  it('is the latest request until the applicant supplements', () => {
    expect(DocumentService.pendingRequest([])).toEqual([]);
    expect(DocumentService.pendingRequest([asked(1)])).toEqual([
      { slot: 1, nameVi: 'Tài liệu 1', reason: 'mờ' },
    ]);
    expect(DocumentService.pendingRequest([asked(1), h('supplemented')])).toEqual([]);
    expect(
      DocumentService.pendingRequest([asked(1), h('supplemented'), asked(2)]).map((r) => r.slot),
    ).toEqual([2]);
  });

  it('form 02 prints the latest round’s request, answered or not', () => {
    expect(latestRoundRequest([])).toEqual([]);
    expect(latestRoundRequest([asked(1), h('supplement-requested')]).map((r) => r.slot)).toEqual([1]);
    expect(
      latestRoundRequest([asked(1), h('supplement-requested'), h('supplemented')]).map((r) => r.slot),
    ).toEqual([1]);
    // A new round without named documents: nothing from the round before.
    expect(
      latestRoundRequest([asked(1), h('supplement-requested'), h('supplemented'), h('supplement-requested')]),
    ).toEqual([]);
  });
});
