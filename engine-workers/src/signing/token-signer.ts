import type { Mechanism } from 'pkcs11js';
import { acquirePkcs11, findObjects, findTokenSlot, pkcs11js, type Pkcs11 } from './pkcs11-module.js';

/** Where the signing key lives: a PKCS#11 token (SoftHSM2 in development, an HSM in production). */
export interface TokenSignerConfig {
  /** Path of the PKCS#11 library, e.g. `/usr/lib/softhsm/libsofthsm2.so`. */
  modulePath: string;
  /** Label of the token (slot) holding the key. */
  tokenLabel: string;
  /** User PIN of the token. Never logged, never put in an error message. */
  pin: string;
  /** CKA_LABEL of the private key and of its certificate. */
  keyLabel: string;
}

/** Signs bytes with a key that stays in its device: only the signature comes out. */
export interface DocumentSigner {
  /** The signer's X.509 certificate, DER. */
  certificate(): Buffer;
  /** RSASSA-PKCS1-v1_5 with SHA-256 over `data` (the device hashes). */
  sign(data: Buffer): Buffer;
}

/**
 * A token or PIN problem: a technical failure (the worker retries, then the engine raises an
 * incident), never a reason to return a result unsigned. The message names the PKCS#11 call and
 * its return code, never the PIN.
 */
export class SigningTokenError extends Error {
  override readonly name = 'SigningTokenError';
}

const CKR_USER_ALREADY_LOGGED_IN = 0x100;
const SHA256_RSA_PKCS: Mechanism = { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS };

function describe(err: unknown): string {
  if (err instanceof pkcs11js.Pkcs11Error) return err.message; // e.g. "CKR_PIN_INCORRECT:160 …"
  return err instanceof Error ? err.message : String(err);
}

/**
 * The signer over a PKCS#11 token. Every call opens a session, logs in, works and logs out, all
 * synchronously: PKCS#11 login state is shared by all sessions of the process, and nothing else can
 * run in between on Node's one thread, so two signatures never see each other's login or logout.
 */
export class Pkcs11TokenSigner implements DocumentSigner {
  private cert: Buffer | undefined;

  constructor(private readonly config: TokenSignerConfig) {}

  certificate(): Buffer {
    this.cert ??= this.withSession((lib, session) => {
      const [handle] = findObjects(lib, session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
        { type: pkcs11js.CKA_LABEL, value: this.config.keyLabel },
      ]);
      if (!handle)
        throw new SigningTokenError(`No certificate labelled "${this.config.keyLabel}" on the token`);
      const [value] = lib.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_VALUE }]);
      if (!value?.value || !Buffer.isBuffer(value.value) || value.value.length === 0)
        throw new SigningTokenError('The certificate object has no value');
      return Buffer.from(value.value);
    });
    return this.cert;
  }

  sign(data: Buffer): Buffer {
    return this.withSession((lib, session) => {
      const [key] = findObjects(lib, session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_LABEL, value: this.config.keyLabel },
      ]);
      if (!key) throw new SigningTokenError(`No private key labelled "${this.config.keyLabel}" on the token`);
      // A key that could be exported is not a key that "never leaves the token": refuse it.
      const [sensitive, extractable] = lib.C_GetAttributeValue(session, key, [
        { type: pkcs11js.CKA_SENSITIVE },
        { type: pkcs11js.CKA_EXTRACTABLE },
      ]);
      if (!isTrue(sensitive?.value) || isTrue(extractable?.value))
        throw new SigningTokenError(`The key "${this.config.keyLabel}" is extractable or not sensitive`);
      lib.C_SignInit(session, SHA256_RSA_PKCS, key);
      return Buffer.from(lib.C_Sign(session, data, Buffer.alloc(1024)));
    });
  }

  private withSession<T>(work: (lib: Pkcs11, session: Buffer) => T): T {
    let module;
    try {
      module = acquirePkcs11(this.config.modulePath);
    } catch (err) {
      throw new SigningTokenError(
        `Cannot load the PKCS#11 module ${this.config.modulePath}: ${describe(err)}`,
      );
    }
    const { lib } = module;
    let session: Buffer | undefined;
    let loggedIn = false;
    try {
      const slot = findTokenSlot(lib, this.config.tokenLabel);
      if (!slot) throw new SigningTokenError(`No initialised token labelled "${this.config.tokenLabel}"`);
      session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      try {
        lib.C_Login(session, pkcs11js.CKU_USER, this.config.pin);
        loggedIn = true;
      } catch (err) {
        if (!(err instanceof pkcs11js.Pkcs11Error) || err.code !== CKR_USER_ALREADY_LOGGED_IN)
          throw new SigningTokenError(`Login to token "${this.config.tokenLabel}" refused: ${describe(err)}`);
      }
      return work(lib, session);
    } catch (err) {
      if (err instanceof SigningTokenError) throw err;
      throw new SigningTokenError(`PKCS#11 error on token "${this.config.tokenLabel}": ${describe(err)}`);
    } finally {
      try {
        if (session && loggedIn) lib.C_Logout(session);
        if (session) lib.C_CloseSession(session);
      } finally {
        module.release();
      }
    }
  }
}

function isTrue(v: unknown): boolean {
  return Buffer.isBuffer(v) ? v.length > 0 && v[0] !== 0 : v === true;
}
