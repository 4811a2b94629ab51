import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevToken, type TokenSignerConfig } from '@motcua/engine-workers';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

/** Whether poppler's pdfsig is installed. */
export function hasPdfsig(): boolean {
  try {
    execFileSync('pdfsig', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * SoftHSM2 and poppler's pdfsig, or a loud skip outside CI (a failure under CI=true, where no
 * suite may skip: `.ci/run` installs softhsm2 and poppler-utils).
 */
export function signingToolsAvailable(): boolean {
  if (existsSync(SOFTHSM_MODULE) && hasPdfsig()) return true;
  const msg = `softhsm2 (${SOFTHSM_MODULE}) or pdfsig (poppler-utils) missing: apt-get install -y softhsm2 poppler-utils`;
  if (process.env.CI === 'true') throw new Error(`${msg}: under CI=true no suite may skip.`);
  console.warn(`\n*** SKIPPED: signing tests — ${msg} ***\n`);
  return false;
}

export interface TestToken {
  config: TokenSignerConfig;
  certificate: Buffer;
  dir: string;
  remove(): void;
}

/**
 * A fresh SoftHSM2 token in a temporary directory of its own (SOFTHSM2_CONF points at it; the
 * library reads it when it initialises), with a key generated in the token and its certificate.
 */
export function createTestToken(label = 'motcua-test'): TestToken {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-softhsm-'));
  mkdirSync(join(dir, 'tokens'));
  writeFileSync(
    join(dir, 'softhsm2.conf'),
    `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
  const config = { modulePath: SOFTHSM_MODULE, tokenLabel: label, keyLabel: 'result-signer', pin: '246810' };
  const { certificate } = createDevToken({ ...config, soPin: '13579', commonName: 'motcua test signer' });
  return { config, certificate, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** poppler's `pdfsig` report of a PDF (it exits non-zero for an invalid signature). */
export function pdfsig(file: string): string {
  try {
    return execFileSync('pdfsig', [file], { encoding: 'utf8' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}
