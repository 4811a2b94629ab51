import pkcs11js, { type Template } from 'pkcs11js';

/**
 * A PKCS#11 library (e.g. SoftHSM2's `/usr/lib/softhsm/libsofthsm2.so`) loaded into this process.
 *
 * Cryptoki allows one `C_Initialize` per library per process: a second one answers
 * CKR_CRYPTOKI_ALREADY_INITIALIZED and a `C_Finalize` ends every session of every user. So the
 * library is loaded once per path and reference-counted; the last `release()` finalizes it.
 */
export type Pkcs11 = InstanceType<typeof pkcs11js.PKCS11>;

const CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

interface Loaded {
  lib: Pkcs11;
  users: number;
}

const loaded = new Map<string, Loaded>();

export interface Pkcs11Handle {
  lib: Pkcs11;
  release(): void;
}

export function acquirePkcs11(modulePath: string): Pkcs11Handle {
  let entry = loaded.get(modulePath);
  if (!entry) {
    const lib = new pkcs11js.PKCS11();
    lib.load(modulePath);
    try {
      lib.C_Initialize();
    } catch (err) {
      // Left initialized by an earlier owner in this process (a test file whose module registry
      // is gone): start again so that the library reads its configuration (SOFTHSM2_CONF) anew.
      if (!(err instanceof pkcs11js.Pkcs11Error) || err.code !== CKR_CRYPTOKI_ALREADY_INITIALIZED) throw err;
      lib.C_Finalize();
      lib.C_Initialize();
    }
    entry = { lib, users: 0 };
    loaded.set(modulePath, entry);
  }
  entry.users += 1;
  const e = entry;
  let released = false;
  return {
    lib: e.lib,
    release() {
      if (released) return;
      released = true;
      e.users -= 1;
      if (e.users === 0) {
        loaded.delete(modulePath);
        try {
          e.lib.C_Finalize();
        } finally {
          e.lib.close();
        }
      }
    },
  };
}

/** The slot holding the initialised token with this label (labels are blank-padded to 32). */
export function findTokenSlot(lib: Pkcs11, label: string): Buffer | undefined {
  for (const slot of lib.C_GetSlotList(true)) {
    const info = lib.C_GetTokenInfo(slot);
    if (info.label.trimEnd() === label && (info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) !== 0) return slot;
  }
  return undefined;
}

/** Handles of the objects matching a template, at most `max`. */
export function findObjects(lib: Pkcs11, session: Buffer, template: Template, max = 10): Buffer[] {
  lib.C_FindObjectsInit(session, template);
  try {
    return lib.C_FindObjects(session, max);
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

export { pkcs11js };
