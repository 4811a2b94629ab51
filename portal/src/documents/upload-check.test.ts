import { describe, expect, it } from '@jest/globals';
import { checkUpload, downloadName, extensionOf, formatBytesVi, type UploadLimits } from './upload-check.js';
import { DEFAULT_KINDS, type FileKind } from './document-slots.js';

const limits: UploadLimits = { maxFileBytes: 1024 * 1024, maxDossierBytes: 3 * 1024 * 1024 };
const ALL: FileKind[] = [...DEFAULT_KINDS, 'doc', 'docx'];

const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n');
// The 8-byte PNG signature and an IHDR chunk header: what file-type reads.
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  Buffer.from('IHDR'),
  Buffer.alloc(17),
]);
const jpeg = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
  Buffer.from('JFIF\0'),
  Buffer.alloc(64),
]);
// A Windows program: "MZ" header (what a renamed setup.exe → setup.pdf carries).
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
// A minimal .docx (zip with [Content_Types].xml and word/document.xml), made with Python's zipfile.
const docx = Buffer.from(
  'UEsDBBQAAAAAACq5hl2Rp0i1AgEAAAIBAAATAAAAW0NvbnRlbnRfVHlwZXNdLnhtbDw/eG1sIHZlcnNpb249IjEuMCIgZW5jb2Rpbmc9IlVURi04Ij8+PFR5cGVzIHhtbG5zPSJodHRwOi8vc2NoZW1hcy5vcGVueG1sZm9ybWF0cy5vcmcvcGFja2FnZS8yMDA2L2NvbnRlbnQtdHlwZXMiPjxPdmVycmlkZSBQYXJ0TmFtZT0iL3dvcmQvZG9jdW1lbnQueG1sIiBDb250ZW50VHlwZT0iYXBwbGljYXRpb24vdm5kLm9wZW54bWxmb3JtYXRzLW9mZmljZWRvY3VtZW50LndvcmRwcm9jZXNzaW5nbWwuZG9jdW1lbnQubWFpbit4bWwiLz48L1R5cGVzPlBLAwQUAAAAAAAquYZdhyOPCpoAAACaAAAAEQAAAHdvcmQvZG9jdW1lbnQueG1sPHc6ZG9jdW1lbnQgeG1sbnM6dz0iaHR0cDovL3NjaGVtYXMub3BlbnhtbGZvcm1hdHMub3JnL3dvcmRwcm9jZXNzaW5nbWwvMjAwNi9tYWluIj48dzpib2R5Pjx3OnA+PHc6cj48dzp0PlhpbiBjaGFvPC93OnQ+PC93OnI+PC93OnA+PC93OmJvZHk+PC93OmRvY3VtZW50PlBLAQIUAxQAAAAAACq5hl2Rp0i1AgEAAAIBAAATAAAAAAAAAAAAAACAAQAAAABbQ29udGVudF9UeXBlc10ueG1sUEsBAhQDFAAAAAAAKrmGXYcjjwqaAAAAmgAAABEAAAAAAAAAAAAAAIABMwEAAHdvcmQvZG9jdW1lbnQueG1sUEsFBgAAAAACAAIAgAAAAPwBAAAAAA==',
  'base64',
);
// OLE compound files: a Word 97–2003 document has a "WordDocument" stream; an installer does not.
const cfb = (stream: string) =>
  Buffer.concat([
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    Buffer.alloc(504),
    Buffer.from(stream, 'utf16le'),
    Buffer.alloc(512),
  ]);
const html = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');

describe('checkUpload: the bytes decide, never the name or the browser', () => {
  it.each([
    ['a PDF', pdf, 'pdf', 'application/pdf', 'pdf'],
    ['a PNG', png, 'png', 'image/png', 'png'],
    ['a JPEG', jpeg, 'jpeg', 'image/jpeg', 'jpg'],
  ])('accepts %s by default', async (_what, bytes, kind, mediaType, extension) => {
    expect(await checkUpload(bytes, DEFAULT_KINDS, limits)).toEqual({ ok: true, kind, mediaType, extension });
  });

  it('accepts DOCX and DOC only where the procedure allows them', async () => {
    expect(await checkUpload(docx, DEFAULT_KINDS, limits)).toMatchObject({
      ok: false,
      reason: 'wrong-type',
      messageVi: 'Thành phần hồ sơ này không nhận tệp DOCX. Chỉ nhận tệp PDF, JPEG, PNG.',
    });
    expect(await checkUpload(docx, ALL, limits)).toMatchObject({ ok: true, kind: 'docx', extension: 'docx' });
    expect(await checkUpload(cfb('WordDocument'), ALL, limits)).toMatchObject({
      ok: true,
      kind: 'doc',
      mediaType: 'application/msword',
    });
    // An installer or a spreadsheet is a compound file too, but no Word document.
    expect(await checkUpload(cfb('SummaryInformation'), ALL, limits)).toMatchObject({
      ok: false,
      reason: 'wrong-type',
    });
  });

  it('refuses a program renamed .pdf, saying what it is', async () => {
    const r = await checkUpload(exe, DEFAULT_KINDS, limits);
    expect(r).toEqual({
      ok: false,
      reason: 'wrong-type',
      detected: 'exe',
      messageVi:
        'Tệp này là chương trình máy tính (EXE), không phải tài liệu, dù tên tệp có thể ghi khác. Chỉ nhận tệp PDF, JPEG, PNG.',
    });
  });

  it('refuses HTML, text and unknown bytes', async () => {
    for (const bytes of [html, Buffer.from('chỉ là văn bản'), Buffer.alloc(100, 7)]) {
      const r = await checkUpload(bytes, DEFAULT_KINDS, limits);
      expect(r).toMatchObject({ ok: false, reason: 'wrong-type' });
      expect(r.ok ? '' : r.messageVi).toMatch(/^Nội dung tệp không phải PDF, JPEG, PNG/);
    }
  });

  it('refuses an empty file', async () => {
    expect(await checkUpload(Buffer.alloc(0), DEFAULT_KINDS, limits)).toEqual({
      ok: false,
      reason: 'empty',
      messageVi: 'Tệp rỗng (0 byte). Vui lòng chọn lại tệp tài liệu.',
    });
  });

  it('refuses a file over the per-file limit, and one that takes the dossier over its limit', async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(limits.maxFileBytes)]);
    const r = await checkUpload(big, DEFAULT_KINDS, limits);
    expect(r).toMatchObject({ ok: false, reason: 'too-large' });
    expect(r.ok ? '' : r.messageVi).toMatch(/^Tệp quá lớn \(1 MB\)\. Mỗi tệp tối đa 1 MB/);
    // Exactly at the limit is accepted.
    const atLimit = Buffer.concat([pdf, Buffer.alloc(limits.maxFileBytes - pdf.length)]);
    expect(await checkUpload(atLimit, DEFAULT_KINDS, limits)).toMatchObject({ ok: true });
    expect(await checkUpload(pdf, DEFAULT_KINDS, limits, limits.maxDossierBytes - 10)).toEqual({
      ok: false,
      reason: 'dossier-too-large',
      messageVi: 'Tổng dung lượng các tệp của hồ sơ vượt quá 3 MB. Vui lòng giảm dung lượng tệp.',
    });
  });
});

describe('names and sizes', () => {
  it('gives a download the extension of its bytes', () => {
    expect(downloadName('giay-phep.pdf', 'png', 'tai-lieu')).toBe('giay-phep.png');
    expect(downloadName('Bản sao CCCD.PDF', 'pdf', 'tai-lieu')).toBe('Bản sao CCCD.pdf');
    expect(downloadName(null, 'pdf', 'tai-lieu')).toBe('tai-lieu.pdf');
    expect(extensionOf('image/jpeg')).toBe('jpg');
    expect(extensionOf('text/html')).toBe('bin');
  });

  it('writes sizes the Vietnamese way', () => {
    expect(formatBytesVi(0)).toBe('0 byte');
    expect(formatBytesVi(2048)).toBe('2 KB');
    expect(formatBytesVi(1536 * 1024)).toBe('1,5 MB');
    expect(formatBytesVi(10 * 1024 * 1024)).toBe('10 MB');
  });
});
