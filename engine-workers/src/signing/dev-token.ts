import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Template } from 'pkcs11js';
import { acquirePkcs11, findTokenSlot, pkcs11js } from './pkcs11-module.js';
import { SigningTokenError } from './token-signer.js';

export interface DevTokenOptions {
  modulePath: string;
  tokenLabel: string;
  /** Security officer PIN of the new token. */
  soPin: string;
  /** User PIN the signer logs in with. */
  pin: string;
  keyLabel: string;
  /** Subject common name of the self-signed certificate. */
  commonName?: string;
  /** Validity of the certificate in days from now. Default 3 years. */
  validityDays?: number;
  /** Injected time, for tests. */
  now?: Date;
}

export interface DevToken {
  /** The certificate written into the token, DER. */
  certificate: Buffer;
  /** False when a token with this label existed already (nothing was changed). */
  created: boolean;
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  country: '2.5.4.6',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectKeyIdentifier: '2.5.29.14',
  sha256WithRSA: '1.2.840.113549.1.1.11',
} as const;

/**
 * Creates a development signing token: initialises a free slot of the PKCS#11 module as a token,
 * generates an RSA-2048 key pair IN the token (private key sensitive and not extractable: it never
 * leaves the token), has the token sign a self-signed X.509 certificate for it, and stores the
 * certificate in the token under the same label. A token with this label already there is left
 * alone (`created: false`). Not for production: a real unit signs with a key its CA certified
 * (VGCA / Ban Cơ yếu) — see engine-workers/README.md.
 */
export function createDevToken(o: DevTokenOptions): DevToken {
  const module = acquirePkcs11(o.modulePath);
  const { lib } = module;
  let session: Buffer | undefined;
  try {
    const existing = findTokenSlot(lib, o.tokenLabel);
    if (existing) return { certificate: readCertificate(lib, existing, o), created: false };
    const free = lib
      .C_GetSlotList(true)
      .find((s) => (lib.C_GetTokenInfo(s).flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0);
    if (!free) throw new SigningTokenError('The PKCS#11 module has no free slot to initialise a token in');
    lib.C_InitToken(free, o.soPin, o.tokenLabel.padEnd(32, ' '));
    // SoftHSM moves an initialised token to a new slot id: find it again by its label.
    const slot = findTokenSlot(lib, o.tokenLabel);
    if (!slot) throw new SigningTokenError(`Token "${o.tokenLabel}" not found after initialisation`);
    session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    lib.C_Login(session, pkcs11js.CKU_SO, o.soPin);
    lib.C_InitPIN(session, o.pin);
    lib.C_Logout(session);
    lib.C_Login(session, pkcs11js.CKU_USER, o.pin);

    const id = randomBytes(8);
    const common = [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_LABEL, value: o.keyLabel },
      { type: pkcs11js.CKA_ID, value: id },
    ];
    const publicTemplate: Template = [
      ...common,
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
      { type: pkcs11js.CKA_VERIFY, value: true },
      { type: pkcs11js.CKA_MODULUS_BITS, value: 2048 },
      { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
    ];
    const privateTemplate: Template = [
      ...common,
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SIGN, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
      { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    ];
    const keys = lib.C_GenerateKeyPair(
      session,
      { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
      publicTemplate,
      privateTemplate,
    );
    const [modulus, exponent] = lib.C_GetAttributeValue(session, keys.publicKey, [
      { type: pkcs11js.CKA_MODULUS },
      { type: pkcs11js.CKA_PUBLIC_EXPONENT },
    ]);
    const spki = createPublicKey({
      key: {
        kty: 'RSA',
        n: Buffer.from(modulus!.value as Buffer).toString('base64url'),
        e: Buffer.from(exponent!.value as Buffer).toString('base64url'),
      },
      format: 'jwk',
    }).export({ type: 'spki', format: 'der' });

    const cert = certificateTemplate(spki, o);
    const der = signCertificate(cert, (tbs) => {
      lib.C_SignInit(session!, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, keys.privateKey);
      return lib.C_Sign(session!, tbs, Buffer.alloc(1024));
    });

    lib.C_CreateObject(session, [
      ...common,
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
      { type: pkcs11js.CKA_SUBJECT, value: Buffer.from(cert.subject.toSchema().toBER(false)) },
      { type: pkcs11js.CKA_VALUE, value: der },
    ]);
    lib.C_Logout(session);
    return { certificate: der, created: true };
  } finally {
    try {
      if (session) lib.C_CloseSession(session);
    } finally {
      module.release();
    }
  }
}

function readCertificate(
  lib: ReturnType<typeof acquirePkcs11>['lib'],
  slot: Buffer,
  o: DevTokenOptions,
): Buffer {
  const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
  try {
    lib.C_FindObjectsInit(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      { type: pkcs11js.CKA_LABEL, value: o.keyLabel },
    ]);
    const [handle] = lib.C_FindObjects(session, 1);
    lib.C_FindObjectsFinal(session);
    if (!handle) throw new SigningTokenError(`Token "${o.tokenLabel}" has no certificate "${o.keyLabel}"`);
    const [value] = lib.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_VALUE }]);
    return Buffer.from(value!.value as Buffer);
  } finally {
    lib.C_CloseSession(session);
  }
}

/** Signs a certificate's TBS part with `sign` (RSASSA-PKCS1-v1_5, SHA-256) and returns the DER. */
export function signCertificate(cert: pkijs.Certificate, sign: (tbs: Buffer) => Buffer): Buffer {
  const tbs = Buffer.from(cert.encodeTBS().toBER(false));
  cert.signatureValue = new asn1js.BitString({ valueHex: new Uint8Array(sign(tbs)) });
  return Buffer.from(cert.toSchema(true).toBER(false));
}

/** C=VN, O=…, CN=… as three RDNs (pkijs alone would put them in one multi-valued RDN). */
function name(commonName: string): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, value: asn1js.PrintableString | asn1js.Utf8String) =>
    new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] });
  const der = new asn1js.Sequence({
    value: [
      rdn(OID.country, new asn1js.PrintableString({ value: 'VN' })),
      rdn(
        OID.organization,
        new asn1js.Utf8String({ value: 'motcua (chứng thư thử nghiệm, không có giá trị pháp lý)' }),
      ),
      rdn(OID.commonName, new asn1js.Utf8String({ value: commonName })),
    ],
  }).toBER(false);
  return pkijs.RelativeDistinguishedNames.fromBER(der);
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

/** A self-signed end-entity certificate (issuer = subject) for a document-signing key. */
export function certificateTemplate(
  spki: Buffer,
  o: Pick<DevTokenOptions, 'commonName' | 'validityDays' | 'now'>,
): pkijs.Certificate {
  const now = o.now ?? new Date();
  const notAfter = new Date(now.getTime() + (o.validityDays ?? 3 * 365) * 86_400_000);
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f; // a positive INTEGER
  const publicKey = pkijs.PublicKeyInfo.fromBER(new Uint8Array(spki));
  // RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits.
  const keyId = createHash('sha1').update(publicKey.subjectPublicKey.valueBlock.valueHexView).digest();
  const cert = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: new Uint8Array(serial) }),
    signature: new pkijs.AlgorithmIdentifier({
      algorithmId: OID.sha256WithRSA,
      algorithmParams: new asn1js.Null(),
    }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OID.sha256WithRSA,
      algorithmParams: new asn1js.Null(),
    }),
    issuer: name(o.commonName ?? 'motcua dev result signer'),
    subject: name(o.commonName ?? 'motcua dev result signer'),
    notBefore: new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: new Date(now.getTime() - 3_600_000) }),
    notAfter: new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: notAfter }),
    subjectPublicKeyInfo: publicKey,
    extensions: [
      extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: false }).toSchema()),
      // digitalSignature + nonRepudiation (contentCommitment): a key that signs documents.
      extension(
        OID.keyUsage,
        true,
        new asn1js.BitString({ valueHex: new Uint8Array([0xc0]), unusedBits: 6 }),
      ),
      extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: new Uint8Array(keyId) })),
    ],
  });
  return cert;
}

/** What the workers need to sign with the demo token (environment variables). */
export interface DemoSigningEnv {
  SOFTHSM2_CONF: string;
  SIGNING_PKCS11_MODULE: string;
  SIGNING_TOKEN_LABEL: string;
  SIGNING_KEY_LABEL: string;
  SIGNING_PIN: string;
}

/**
 * `npm start` in demo mode: a SoftHSM2 token of its own under `<dataDir>/signing-dev/` (created
 * once, its random PIN kept beside it, mode 0600), so the generated procedures' results are signed
 * out of the box. A development key with a self-signed certificate: no legal value.
 */
export function ensureDemoSigningToken(dataDir: string, modulePath: string): DemoSigningEnv {
  const dir = resolve(dataDir, 'signing-dev');
  mkdirSync(resolve(dir, 'tokens'), { recursive: true, mode: 0o700 });
  const conf = resolve(dir, 'softhsm2.conf');
  if (!existsSync(conf))
    writeFileSync(
      conf,
      `directories.tokendir = ${resolve(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
      {
        mode: 0o600,
      },
    );
  const pinFile = resolve(dir, 'pin');
  if (!existsSync(pinFile)) writeFileSync(pinFile, randomBytes(12).toString('hex'), { mode: 0o600 });
  const env: DemoSigningEnv = {
    SOFTHSM2_CONF: conf,
    SIGNING_PKCS11_MODULE: modulePath,
    SIGNING_TOKEN_LABEL: 'motcua-demo',
    SIGNING_KEY_LABEL: 'result-signer',
    SIGNING_PIN: readFileSync(pinFile, 'utf8').trim(),
  };
  // libsofthsm2 reads SOFTHSM2_CONF when it initialises, in this process.
  process.env.SOFTHSM2_CONF = conf;
  createDevToken({
    modulePath,
    tokenLabel: env.SIGNING_TOKEN_LABEL,
    keyLabel: env.SIGNING_KEY_LABEL,
    pin: env.SIGNING_PIN,
    soPin: randomBytes(12).toString('hex'),
    commonName: 'motcua demo result signer',
  });
  return env;
}
