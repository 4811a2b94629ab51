/**
 * A throw-away SoftHSM2 token for portal tests whose procedures reach the signing step
 * (`signing.sign-result`): every generated procedure signs its result before returning it, so a
 * stack without a token would stop there with an incident. Under CI=true a missing softhsm2 is a
 * failure; elsewhere the suites that need it skip loudly.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevToken, type TokenSignerConfig } from '@motcua/engine-workers';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

/** Whether softhsm2 is installed; throws under CI=true when it is not. */
export function softhsmAvailable(suite: string): boolean {
  if (existsSync(SOFTHSM_MODULE)) return true;
  const msg = `softhsm2 missing (${SOFTHSM_MODULE}): apt-get install -y softhsm2`;
  if (process.env.CI === 'true') throw new Error(`${msg}: under CI=true no suite may skip.`);
  console.warn(`\n*** SKIPPED: ${suite} — ${msg} ***\n`);
  return false;
}

export interface DevSigning {
  signing: TokenSignerConfig;
  remove(): void;
}

/** Creates a token in its own SoftHSM2 directory (SOFTHSM2_CONF points there for this process). */
export function createTestToken(label: string): DevSigning {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-portal-softhsm-'));
  mkdirSync(join(dir, 'tokens'));
  writeFileSync(
    join(dir, 'softhsm2.conf'),
    `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
  const signing: TokenSignerConfig = {
    modulePath: SOFTHSM_MODULE,
    tokenLabel: label,
    keyLabel: 'result-signer',
    pin: '112233',
  };
  createDevToken({ ...signing, soPin: '445566', commonName: 'motcua portal test signer' });
  return { signing, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
