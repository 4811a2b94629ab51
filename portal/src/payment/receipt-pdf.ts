import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont } from 'pdf-lib';
import { formatVnd, vndInWords } from './vnd-in-words.js';
import { formatDateTimeVi } from '@motcua/domain';

/** What the electronic receipt (biên lai điện tử) states. */
export interface ReceiptData {
  /** The receipt's number: the payment's reference (unique per paid attempt). */
  receiptNo: string;
  unitName: string;
  payerName: string;
  dossierCode: string;
  procedureName: string;
  amountVnd: number;
  paidAt: Date;
  /** e.g. "Trực tuyến qua cổng thanh toán VNPAY". */
  channel: string;
  gatewayTransactionNo: string | null;
  bankCode: string | null;
}

// DejaVu Serif (Bitstream Vera licence, assets/fonts/LICENSE-DejaVu.txt) has every Vietnamese
// precomposed letter: the same font approach as the workers' result document
// (engine-workers/src/documents/result-pdf.ts). src/payment/ and dist/payment/ both sit two levels
// below the package.
const FONT_DIR = new URL('../../assets/fonts/', import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function fontFiles() {
  fonts ??= {
    regular: readFileSync(new URL('DejaVuSerif.ttf', FONT_DIR)),
    bold: readFileSync(new URL('DejaVuSerif-Bold.ttf', FONT_DIR)),
  };
  return fonts;
}

/** `dd/mm/yyyy HH:mm` in Vietnam's time. */
function formatVn(at: Date): string {
  return formatDateTimeVi(at);
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

const A5: [number, number] = [419.53, 595.28];
const MARGIN = 36;

/** The receipt as a one-page A5 PDF; the same data gives the same bytes. */
export async function renderReceiptPdf(r: ReceiptData): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const files = fontFiles();
  const regular = await doc.embedFont(files.regular, { subset: true, customName: 'MotcuaSerif' });
  const bold = await doc.embedFont(files.bold, { subset: true, customName: 'MotcuaSerif-Bold' });
  doc.setTitle(`Biên lai thu phí, lệ phí số ${r.receiptNo}`);
  doc.setAuthor(r.unitName);
  doc.setSubject(`Hồ sơ ${r.dossierCode}`);
  doc.setLanguage('vi-VN');
  doc.setProducer('motcua');
  doc.setCreator('motcua portal');
  doc.setCreationDate(r.paidAt);
  doc.setModificationDate(r.paidAt);

  const page = doc.addPage(A5);
  const width = A5[0] - 2 * MARGIN;
  const black = rgb(0, 0, 0);
  let y = A5[1] - MARGIN;
  const centred = (text: string, font: PDFFont, size: number) => {
    for (const line of wrap(text, font, size, width)) {
      page.drawText(line, {
        x: MARGIN + (width - font.widthOfTextAtSize(line, size)) / 2,
        y,
        size,
        font,
        color: black,
      });
      y -= size * 1.45;
    }
  };
  centred(r.unitName.toUpperCase(), bold, 9);
  y -= 10;
  centred('BIÊN LAI THU PHÍ, LỆ PHÍ', bold, 14);
  centred('(Biên lai điện tử)', regular, 10);
  centred(`Số: ${r.receiptNo}`, regular, 10);
  y -= 12;

  const rows: [string, string][] = [
    ['Người nộp', r.payerName],
    ['Mã hồ sơ', r.dossierCode],
    ['Thủ tục', r.procedureName],
    ['Nội dung thu', 'Phí, lệ phí giải quyết thủ tục hành chính'],
    ['Số tiền', `${formatVnd(r.amountVnd)} đồng`],
    ['Bằng chữ', vndInWords(r.amountVnd)],
    ['Hình thức nộp', r.channel],
    ['Thời điểm nộp', formatVn(r.paidAt)],
    ...(r.gatewayTransactionNo
      ? ([['Mã giao dịch cổng', r.gatewayTransactionNo]] as [string, string][])
      : []),
    ...(r.bankCode ? ([['Ngân hàng', r.bankCode]] as [string, string][]) : []),
  ];
  const labelWidth = 110;
  for (const [label, value] of rows) {
    page.drawText(`${label}:`, { x: MARGIN, y, size: 10, font: bold, color: black });
    for (const line of wrap(value, regular, 10, width - labelWidth)) {
      page.drawText(line, { x: MARGIN + labelWidth, y, size: 10, font: regular, color: black });
      y -= 14;
    }
    y -= 4;
  }
  y -= 12;
  for (const line of wrap(
    'Biên lai điện tử do hệ thống một cửa điện tử lập từ xác nhận của cổng thanh toán; tra cứu theo mã hồ sơ và số biên lai.',
    regular,
    8,
    width,
  )) {
    page.drawText(line, { x: MARGIN, y, size: 8, font: regular, color: black });
    y -= 11;
  }
  return doc.save({ useObjectStreams: false });
}
