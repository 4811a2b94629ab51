import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatDateVi } from '@motcua/domain';

/** What the result document (certificate / decision) states. */
export interface ResultDocumentData {
  dossierCode: string;
  /** The applicant (person or organisation) as in the application. */
  applicantName: string;
  procedureName: string;
  /** Name of the result document, e.g. "Chứng chỉ nhân viên bức xạ"; a general title otherwise. */
  resultName?: string;
  resultNumber: string;
  /** Issue time; printed dd/mm/yyyy in Vietnam's time. */
  issuedAt: Date;
  issuingUnit: string;
}

// DejaVu Serif (Bitstream Vera licence, assets/fonts/LICENSE-DejaVu.txt) has every Vietnamese
// precomposed letter. src/documents/ and dist/documents/ both sit two levels below the package.
const FONT_DIR = new URL('../../assets/fonts/', import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function fontFiles() {
  fonts ??= {
    regular: readFileSync(new URL('DejaVuSerif.ttf', FONT_DIR)),
    bold: readFileSync(new URL('DejaVuSerif-Bold.ttf', FONT_DIR)),
  };
  return fonts;
}

/** `dd/mm/yyyy` of a moment, in Vietnam's time (UTC+7, no daylight saving). */
export function formatDateVn(at: Date): string {
  return formatDateVi(at);
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 64;

/**
 * Renders the result document as a one-page A4 PDF. Same data → same bytes: fixed dates in the
 * metadata and fixed subset names, so a redelivered task would render the very same document.
 */
export async function renderResultPdf(data: ResultDocumentData): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const files = fontFiles();
  const regular = await doc.embedFont(files.regular, { subset: true, customName: 'MotcuaSerif' });
  const bold = await doc.embedFont(files.bold, { subset: true, customName: 'MotcuaSerif-Bold' });
  doc.setTitle(`${data.resultName ?? 'Kết quả giải quyết thủ tục hành chính'} số ${data.resultNumber}`);
  doc.setAuthor(data.issuingUnit);
  doc.setSubject(`Hồ sơ ${data.dossierCode}`);
  doc.setLanguage('vi-VN');
  doc.setProducer('motcua');
  doc.setCreator('motcua engine-workers');
  doc.setCreationDate(data.issuedAt);
  doc.setModificationDate(data.issuedAt);

  const page = doc.addPage(A4);
  const width = A4[0] - 2 * MARGIN;
  let y = A4[1] - MARGIN;
  const black = rgb(0, 0, 0);
  const centred = (p: PDFPage, text: string, font: PDFFont, size: number, x0: number, w: number) => {
    for (const line of wrap(text, font, size, w)) {
      p.drawText(line, { x: x0 + (w - font.widthOfTextAtSize(line, size)) / 2, y, size, font, color: black });
      y -= size * 1.4;
    }
  };

  // Header: the issuing unit on the left, the national motto on the right (Decree 30/2020 layout).
  const left = width * 0.42;
  const right = width - left - 12;
  const top = y;
  // The ministry heads the units under it; a provincial department (Sở) answers to its province's
  // People's Committee, which the catalogue does not name: then the unit stands alone.
  if (!/^sở\s/i.test(data.issuingUnit)) centred(page, 'BỘ KHOA HỌC VÀ CÔNG NGHỆ', regular, 10, MARGIN, left);
  centred(page, data.issuingUnit.toUpperCase(), bold, 10, MARGIN, left);
  const leftEnd = y;
  y = top;
  centred(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold, 10, MARGIN + left + 12, right);
  centred(page, 'Độc lập - Tự do - Hạnh phúc', bold, 11, MARGIN + left + 12, right);
  y = Math.min(y, leftEnd);
  y -= 10;
  page.drawText(`Số: ${data.resultNumber}`, { x: MARGIN, y, size: 11, font: regular, color: black });
  const dated = `Ngày cấp: ${formatDateVn(data.issuedAt)}`;
  page.drawText(dated, {
    x: MARGIN + width - regular.widthOfTextAtSize(dated, 11),
    y,
    size: 11,
    font: regular,
    color: black,
  });
  y -= 48;

  centred(
    page,
    (data.resultName ?? 'Kết quả giải quyết thủ tục hành chính').toUpperCase(),
    bold,
    16,
    MARGIN,
    width,
  );
  y -= 18;

  const rows: [string, string][] = [
    ['Thủ tục hành chính', data.procedureName],
    ['Mã hồ sơ', data.dossierCode],
    ['Tổ chức, cá nhân', data.applicantName],
    ['Số kết quả', data.resultNumber],
    ['Ngày cấp', formatDateVn(data.issuedAt)],
    ['Đơn vị cấp', data.issuingUnit],
  ];
  const labelWidth = 150;
  for (const [label, value] of rows) {
    page.drawText(`${label}:`, { x: MARGIN, y, size: 12, font: bold, color: black });
    for (const line of wrap(value, regular, 12, width - labelWidth)) {
      page.drawText(line, { x: MARGIN + labelWidth, y, size: 12, font: regular, color: black });
      y -= 18;
    }
    y -= 6;
  }
  y -= 24;
  for (const line of wrap(
    'Văn bản điện tử này được ký số bởi đơn vị cấp; chữ ký số nằm trong tệp PDF và kiểm tra được bằng ' +
      'phần mềm đọc PDF. Bản in ra giấy không thay thế bản điện tử đã ký.',
    regular,
    10,
    width,
  )) {
    page.drawText(line, { x: MARGIN, y, size: 10, font: regular, color: rgb(0.25, 0.25, 0.25) });
    y -= 14;
  }
  return doc.save({ useObjectStreams: false });
}
