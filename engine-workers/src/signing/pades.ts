import { createHash } from 'node:crypto';
import { PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { buildCadesSignature, checkCadesSignature, type CmsCheck } from './cms-signature.js';
import type { DocumentSigner } from './token-signer.js';

/**
 * PAdES signing of a whole PDF (ETSI EN 319 142-1, baseline B-B, sub-filter `ETSI.CAdES.detached`).
 *
 * Why ETSI.CAdES.detached and not adbe.pkcs7.detached: it is the PAdES form the European and
 * Vietnamese validators expect for an advanced signature, it binds the signer's certificate into
 * the signed attributes (signing-certificate-v2), and it is the base a timestamp (B-T) and
 * validation data (B-LT/LTA) are added to later. poppler, Adobe Reader and EU DSS all read it.
 *
 * How: the document gets an invisible signature field whose `/V` is a signature dictionary with
 * a `/ByteRange` placeholder and a zero-filled `/Contents`; the file is written without object
 * streams (so both stay in plain text), the byte ranges are written in, the bytes outside
 * `/Contents` are hashed, and the DER CMS is written into `/Contents` as hex.
 */

/** Bytes reserved for the CMS: a 2048/4096-bit RSA signature and its certificate with room to spare. */
export const SIGNATURE_RESERVED_BYTES = 8192;
const BYTE_RANGE_PLACEHOLDER = '**********';

export interface PadesOptions {
  /** Claimed signing time, the signature dictionary's `/M`. */
  signingTime: Date;
  reason?: string;
  location?: string;
  /** Signer's name as shown by readers (the certificate is what counts). */
  name?: string;
  /** Written as the PDF's creation and modification date so the same input gives the same bytes. */
  documentDate?: Date;
}

/** Adds the signature field and returns the PDF bytes with the placeholders. */
async function withPlaceholder(pdf: Uint8Array, o: PadesOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const sig = ctx.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    ByteRange: ctx.obj([
      PDFNumber.of(0),
      PDFName.of(BYTE_RANGE_PLACEHOLDER),
      PDFName.of(BYTE_RANGE_PLACEHOLDER),
      PDFName.of(BYTE_RANGE_PLACEHOLDER),
    ]),
    Contents: PDFHexString.of('0'.repeat(SIGNATURE_RESERVED_BYTES * 2)),
    M: PDFString.fromDate(o.signingTime),
    ...(o.reason ? { Reason: PDFHexString.fromText(o.reason) } : {}),
    ...(o.location ? { Location: PDFHexString.fromText(o.location) } : {}),
    ...(o.name ? { Name: PDFHexString.fromText(o.name) } : {}),
  });
  const page = doc.getPage(0);
  const widget = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: [0, 0, 0, 0],
      V: ctx.register(sig),
      T: PDFHexString.fromText('KySoKetQua'),
      F: 132, // Print + Locked
      P: page.ref,
    }),
  );
  page.node.addAnnot(widget);
  doc.catalog.set(PDFName.of('AcroForm'), ctx.obj({ SigFlags: 3, Fields: [widget] }));
  if (o.documentDate) {
    doc.setCreationDate(o.documentDate);
    doc.setModificationDate(o.documentDate);
  }
  return doc.save({ useObjectStreams: false });
}

function indexOf(haystack: Buffer, needle: string, from = 0): number {
  return haystack.indexOf(Buffer.from(needle, 'latin1'), from);
}

/** Signs the first page's document as PAdES with `signer`; returns the signed PDF. */
export async function signPdf(pdf: Uint8Array, signer: DocumentSigner, o: PadesOptions): Promise<Buffer> {
  const out = Buffer.from(await withPlaceholder(pdf, o));
  const brText = `/ByteRange [ 0 /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} ]`;
  const brAt = indexOf(out, brText);
  const contentsText = `<${'0'.repeat(SIGNATURE_RESERVED_BYTES * 2)}>`;
  const contentsAt = indexOf(out, contentsText);
  if (brAt < 0 || contentsAt < 0 || indexOf(out, brText, brAt + 1) >= 0)
    throw new Error('Signature placeholders not found exactly once in the PDF');
  const contentsEnd = contentsAt + contentsText.length;
  const range = [0, contentsAt, contentsEnd, out.length - contentsEnd];
  const brValue = `/ByteRange [${range.join(' ')}]`;
  if (brValue.length > brText.length) throw new Error('Byte range does not fit its placeholder');
  out.write(brValue.padEnd(brText.length, ' '), brAt, 'latin1');

  const signed = Buffer.concat([out.subarray(0, contentsAt), out.subarray(contentsEnd)]);
  const cms = buildCadesSignature(createHash('sha256').update(signed).digest(), signer);
  if (cms.length > SIGNATURE_RESERVED_BYTES)
    throw new Error(`CMS of ${cms.length} bytes exceeds its reserved space`);
  out.write(cms.toString('hex').padEnd(SIGNATURE_RESERVED_BYTES * 2, '0'), contentsAt + 1, 'latin1');
  return out;
}

export interface PdfSignatureCheck extends CmsCheck {
  subFilter: string;
  byteRange: [number, number, number, number];
  /** The byte ranges cover the whole file except the `/Contents` hex string. */
  coversWholeFile: boolean;
  /** All of the checks hold. */
  valid: boolean;
}

/**
 * Our own verification of the (last) signature of a PDF: byte ranges, digest, CMS signature and
 * certificate binding. Trust (chain to a CA the state recognises, revocation) is not checked.
 */
export function verifyPdfSignature(pdf: Buffer): PdfSignatureCheck {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges.at(-1);
  if (!last) throw new Error('The PDF has no signature byte range');
  const byteRange = [1, 2, 3, 4].map((i) => Number(last[i])) as [number, number, number, number];
  const [a, b, c, d] = byteRange;
  const sigDictStart = text.lastIndexOf('<<', last.index);
  const subFilter =
    /\/SubFilter\s*\/([A-Za-z0-9.]+)/.exec(text.slice(sigDictStart, last.index + 4096))?.[1] ?? '';
  const gap = text.slice(a + b, c);
  const coversWholeFile = a === 0 && c + d === pdf.length && /^<[0-9a-fA-F]*>$/.test(gap);
  if (!/^<[0-9a-fA-F]*>$/.test(gap))
    throw new Error('The byte ranges do not leave out exactly the signature');
  const cms = Buffer.from(gap.slice(1, -1), 'hex');
  const content = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  const check = checkCadesSignature(cms, content);
  return {
    ...check,
    subFilter,
    byteRange,
    coversWholeFile,
    valid: coversWholeFile && check.digestMatches && check.signatureValid && check.certificateBound,
  };
}
