import {
  X509Certificate,
  createPrivateKey,
  generateKeyPairSync,
  sign as rsaSign,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { certificateTemplate, signCertificate } from './dev-token.js';
import { SigningTokenError, type DocumentSigner } from './token-signer.js';

/**
 * The subject common name of the development key's certificate: pdfsig and every PDF reader show
 * it as the signer, so nobody can mistake a development signature for a unit's real one.
 */
export const DEV_KEY_COMMON_NAME = 'motcua DEVELOPMENT KEY (khoa phat trien - khong co gia tri phap ly)';

const KEY_FILE = 'dev-signing-key.pem';
const CERT_FILE = 'dev-signing-cert.der';

export interface DevSoftwareKey {
  signer: DocumentSigner;
  /** False when the key was already in the folder (a restart keeps its key and certificate). */
  created: boolean;
  keyFile: string;
}

/** Signs in this process with a private key read from a file: development only, never production. */
class SoftwareKeySigner implements DocumentSigner {
  constructor(
    private readonly key: KeyObject,
    private readonly cert: Buffer,
  ) {}

  certificate(): Buffer {
    return this.cert;
  }

  sign(data: Buffer): Buffer {
    // RSASSA-PKCS1-v1_5 with SHA-256, as the PKCS#11 signer's CKM_SHA256_RSA_PKCS.
    return rsaSign('sha256', data, this.key);
  }
}

/**
 * The development signing key of `npm start` on a machine without a PKCS#11 module: an RSA-2048
 * key created on first start in `dir` (the folder 0700, the key file 0600) with a self-signed
 * certificate whose subject says it is a development key. Later starts load the same key. A key
 * file that others can read is refused (a copied folder may have lost its modes). Only the demo
 * start (`MOTCUA_DEMO=true`) uses it; production signs with a PKCS#11 token (engine-workers
 * README, "Signing").
 */
export function ensureDevSoftwareKey(dir: string, options: { now?: Date } = {}): DevSoftwareKey {
  const folder = resolve(dir);
  const keyFile = resolve(folder, KEY_FILE);
  const certFile = resolve(folder, CERT_FILE);
  let created = false;
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const cert = certificateTemplate(spki, {
      commonName: DEV_KEY_COMMON_NAME,
      ...(options.now ? { now: options.now } : {}),
    });
    const der = signCertificate(cert, (tbs) => rsaSign('sha256', tbs, privateKey));
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(certFile, der, { mode: 0o600 });
    // writeFileSync's mode is filtered by the umask; say it once more.
    chmodSync(keyFile, 0o600);
    created = true;
  }
  if ((statSync(keyFile).mode & 0o077) !== 0)
    throw new SigningTokenError(
      `The development signing key ${keyFile} is readable by other users: chmod 600 it or delete it`,
    );
  const key = createPrivateKey(readFileSync(keyFile));
  const cert = readFileSync(certFile);
  // The certificate must belong to the key (a half-copied folder would sign with a stranger's name).
  if (!new X509Certificate(cert).checkPrivateKey(key))
    throw new SigningTokenError(
      `${certFile} is not the certificate of ${keyFile}: delete both to start afresh`,
    );
  return { signer: new SoftwareKeySigner(key, cert), created, keyFile };
}
