import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Pkcs11TokenSigner,
  renderResultPdf,
  signPdf,
  SigningTokenError,
  verifyPdfSignature,
  type DocumentSigner,
} from '@motcua/engine-workers';
import { createTestToken, pdfsig, signingToolsAvailable, type TestToken } from './support/softhsm.js';

// The result document, rendered with pdf-lib and signed as PAdES with a key that stays in a real
// SoftHSM2 token; checked by poppler's pdfsig and by our own CMS check, and shown to fail once
// tampered with.
const available = signingToolsAvailable();
const describeIf = available ? describe : describe.skip;

const issuedAt = new Date('2026-11-26T02:30:00Z'); // 26/11/2026 09:30 in Hà Nội
const data = {
  dossierCode: 'G01.44-261126-00017',
  applicantName: 'Nguyễn Thị Hằng',
  procedureName: 'Thủ tục cấp Chứng chỉ nhân viên bức xạ',
  resultName: 'Chứng chỉ nhân viên bức xạ',
  resultNumber: 'CCNVBX-2026-000017',
  issuedAt,
  issuingUnit: 'Cục An toàn bức xạ và hạt nhân',
};

describeIf('PAdES signature on a SoftHSM2 token', () => {
  let token: TestToken;
  let signer: DocumentSigner;
  let signed: Buffer;
  let file: string;

  beforeAll(async () => {
    token = createTestToken();
    signer = new Pkcs11TokenSigner(token.config);
    signed = await signPdf(await renderResultPdf(data), signer, {
      signingTime: issuedAt,
      documentDate: issuedAt,
      reason: `Ký số kết quả giải quyết hồ sơ ${data.dossierCode}`,
      location: 'Việt Nam',
    });
    file = join(token.dir, 'signed.pdf');
    writeFileSync(file, signed);
  });
  afterAll(() => token?.remove());

  it('renders the result with its Vietnamese text, dossier code, number and date dd/mm/yyyy', () => {
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of [
      'CHỨNG CHỈ NHÂN VIÊN BỨC XẠ',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Mã hồ sơ:',
      'G01.44-261126-00017',
      'Nguyễn Thị Hằng',
      'Thủ tục cấp Chứng chỉ nhân viên bức xạ',
      'Số: CCNVBX-2026-000017',
      'Ngày cấp: 26/11/2026',
      'Cục An toàn bức xạ và hạt nhân',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('pdfsig: one ETSI.CAdES.detached signature over the whole document, valid, by the token certificate', () => {
    const report = pdfsig(file);
    expect(report).toContain('Signature #1:');
    expect(report).not.toContain('Signature #2:');
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signing Hash Algorithm: SHA-256');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Signer Certificate Common Name: motcua test signer');
    expect(report).toContain('Signing Time: Nov 26 2026 02:30:00');
  });

  it('our own check: digest over the byte ranges, signature over the signed attributes, certificate bound', () => {
    const check = verifyPdfSignature(signed);
    expect(check).toMatchObject({
      subFilter: 'ETSI.CAdES.detached',
      coversWholeFile: true,
      digestMatches: true,
      signatureValid: true,
      certificateBound: true,
      valid: true,
    });
    expect(check.certificate.equals(token.certificate)).toBe(true);
    expect(new X509Certificate(check.certificate).subject).toContain('CN=motcua test signer');
    const [a, b, c, d] = check.byteRange;
    expect(a).toBe(0);
    expect(c + d).toBe(signed.length);
    expect(signed.subarray(b, c).toString('latin1')).toMatch(/^<[0-9a-f]+>$/);
  });

  it('a tampered document fails both checks', () => {
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('/Producer');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(verifyPdfSignature(signed).byteRange[1]);
    tampered[at + 12] = tampered[at + 12]! ^ 0x01; // inside the Producer string, inside the first range
    const check = verifyPdfSignature(tampered);
    expect(check.digestMatches).toBe(false);
    expect(check.valid).toBe(false);
    const bad = join(token.dir, 'tampered.pdf');
    writeFileSync(bad, tampered);
    const report = pdfsig(bad);
    expect(report).not.toContain('Signature is Valid.');
    expect(report).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });

  it('a changed signature value fails the signature check while the digest still matches', () => {
    const forged = Buffer.from(signed);
    const [, b] = verifyPdfSignature(signed).byteRange;
    const cms = Buffer.from(forged.subarray(b + 1, forged.indexOf('>', b)).toString('latin1'), 'hex');
    // The RSA signature is the last OCTET STRING of the CMS (a SEQUENCE with a 2-byte length,
    // then zero padding): flip one of its last bytes.
    expect(cms[0]).toBe(0x30);
    expect(cms[1]).toBe(0x82);
    const end = 4 + cms.readUInt16BE(2) - 5;
    forged.write(((cms[end]! ^ 0xff) & 0xff).toString(16).padStart(2, '0'), b + 1 + end * 2, 'latin1');
    const check = verifyPdfSignature(forged);
    expect(check.digestMatches).toBe(true);
    expect(check.signatureValid).toBe(false);
    expect(check.valid).toBe(false);
  });

  it('the same document signed again gives the same bytes (deterministic RSA PKCS#1 v1.5, fixed dates)', async () => {
    const again = await signPdf(await renderResultPdf(data), signer, {
      signingTime: issuedAt,
      documentDate: issuedAt,
      reason: `Ký số kết quả giải quyết hồ sơ ${data.dossierCode}`,
      location: 'Việt Nam',
    });
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(again)).toBe(sha(signed));
  });

  it('a wrong PIN or an unknown token is a SigningTokenError that never shows the PIN', () => {
    const wrong = new Pkcs11TokenSigner({ ...token.config, pin: '999111' });
    expect(() => wrong.sign(Buffer.from('x'))).toThrow(SigningTokenError);
    expect(() => wrong.sign(Buffer.from('x'))).toThrow(/CKR_PIN_INCORRECT/);
    try {
      wrong.sign(Buffer.from('x'));
    } catch (err) {
      expect((err as Error).message).not.toContain('999111');
    }
    const missing = new Pkcs11TokenSigner({ ...token.config, tokenLabel: 'khong-co' });
    expect(() => missing.certificate()).toThrow(/No initialised token labelled "khong-co"/);
    const noKey = new Pkcs11TokenSigner({ ...token.config, keyLabel: 'khong-co' });
    expect(() => noKey.sign(Buffer.from('x'))).toThrow(/No private key labelled "khong-co"/);
  });
});
