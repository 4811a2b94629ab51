#!/usr/bin/env node
// `npm run sign -- IN.pdf OUT.pdf`: PAdES-sign (ETSI.CAdES.detached) a PDF with the configured key
// (SIGNING_PKCS11_MODULE, SIGNING_TOKEN_LABEL, SIGNING_KEY_LABEL, SIGNING_PIN; SOFTHSM2_CONF for
// SoftHSM2). `npm run sign -- --verify FILE.pdf`: our own check of its signature (byte ranges,
// digest, CMS signature, certificate binding; no trust chain). Needs `npm run build` first.
// The input must not be signed yet: it is rewritten, not appended to.
import { readFileSync, writeFileSync } from 'node:fs';

const { loadWorkersConfig, Pkcs11TokenSigner, signPdf, verifyPdfSignature } =
  await import('../dist/index.js');
const args = process.argv.slice(2);

if (args[0] === '--verify' && args.length === 2) {
  const check = verifyPdfSignature(readFileSync(args[1]));
  const { certificate: _der, ...shown } = check;
  console.log(JSON.stringify(shown, null, 2));
  process.exit(check.valid ? 0 : 1);
}
if (args.length !== 2) {
  console.error('usage: npm run sign -- IN.pdf OUT.pdf | npm run sign -- --verify FILE.pdf');
  process.exit(2);
}
const config = loadWorkersConfig();
if (!config.signing) {
  console.error('Signing is not configured: set SIGNING_TOKEN_LABEL, SIGNING_KEY_LABEL and SIGNING_PIN.');
  process.exit(2);
}
const input = readFileSync(args[0]);
if (input.includes('/ByteRange')) {
  console.error(`${args[0]} is signed already: signing it again would rewrite and break that signature.`);
  process.exit(2);
}
const signed = await signPdf(input, new Pkcs11TokenSigner(config.signing), {
  signingTime: new Date(),
  reason: 'Ký số văn bản',
});
writeFileSync(args[1], signed);
console.log(`${args[1]}: signed, ${signed.length} bytes`);
