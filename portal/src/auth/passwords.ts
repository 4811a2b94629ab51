import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id password hashing (OWASP: m=19 MiB, t=2, p=1). The PHC string carries its own
 * parameters, so raising them later keeps old hashes verifiable.
 */
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so unknown usernames are not told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('motcua-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}
