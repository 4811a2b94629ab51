#!/usr/bin/env node
// Creates the development signing token on SoftHSM2: a token, an RSA-2048 key generated IN the
// token (sensitive, not extractable) and a self-signed certificate for it stored in the token.
// Not for production: see engine-workers/README.md ("Signing").
//
//   npm run build
//   node engine-workers/scripts/signing-dev-token.mjs [--dir DIR] [--label motcua-dev]
//        [--key-label result-signer] [--module /usr/lib/softhsm/libsofthsm2.so]
//
// PINs: SIGNING_PIN and SIGNING_SO_PIN from the environment, or fresh random ones printed once.
// --dir DIR writes DIR/softhsm2.conf with its own token directory DIR/tokens (no root needed) and
// prints the SOFTHSM2_CONF to export; without it SoftHSM's default configuration is used.
import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    label: { type: 'string', default: 'motcua-dev' },
    'key-label': { type: 'string', default: 'result-signer' },
    module: {
      type: 'string',
      default: process.env.SIGNING_PKCS11_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so',
    },
  },
});

if (!existsSync(values.module)) {
  console.error(`PKCS#11 module ${values.module} not found: apt-get install softhsm2 (or pass --module).`);
  process.exit(1);
}
if (values.dir) {
  const dir = resolve(values.dir);
  mkdirSync(`${dir}/tokens`, { recursive: true, mode: 0o700 });
  const conf = `${dir}/softhsm2.conf`;
  if (!existsSync(conf))
    writeFileSync(
      conf,
      `directories.tokendir = ${dir}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n`,
      {
        mode: 0o600,
      },
    );
  // Read by libsofthsm2 when the module initialises, in this process.
  process.env.SOFTHSM2_CONF = conf;
}

const randomPin = () => String(randomInt(10_000_000, 99_999_999));
const pinGiven = process.env.SIGNING_PIN !== undefined;
const pin = process.env.SIGNING_PIN ?? randomPin();
const soPin = process.env.SIGNING_SO_PIN ?? randomPin();

const { createDevToken } = await import('../dist/signing/dev-token.js');
const token = createDevToken({
  modulePath: values.module,
  tokenLabel: values.label,
  keyLabel: values['key-label'],
  pin,
  soPin,
});
const { X509Certificate } = await import('node:crypto');
const cert = new X509Certificate(token.certificate);
console.log(
  token.created ? `Token "${values.label}" created.` : `Token "${values.label}" exists already: unchanged.`,
);
console.log(
  `Certificate: ${cert.subject.replace(/\n/g, ', ')}; valid to ${cert.validTo}; SHA-256 ${cert.fingerprint256}`,
);
console.log('\nConfigure the workers with:');
if (process.env.SOFTHSM2_CONF) console.log(`export SOFTHSM2_CONF=${process.env.SOFTHSM2_CONF}`);
console.log(`export SIGNING_PKCS11_MODULE=${values.module}`);
console.log(`export SIGNING_TOKEN_LABEL=${values.label}`);
console.log(`export SIGNING_KEY_LABEL=${values['key-label']}`);
if (token.created && !pinGiven) console.log(`export SIGNING_PIN=${pin}   # shown once: keep it`);
else console.log('export SIGNING_PIN=…   # the PIN you set');
