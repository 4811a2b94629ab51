import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureDemoSigningToken } from './dev-token.js';

export interface DemoSigningSetup {
  /** `token`: a SoftHSM2 token of its own; `dev-key`: the development software key. */
  kind: 'token' | 'dev-key';
  /** Variables for the workers' environment. */
  env: Record<string, string>;
  /** What `npm start` prints. */
  message: string;
}

/**
 * How `npm start` signs results when no token is configured (`SIGNING_TOKEN_LABEL` unset) — only
 * in demo mode (`MOTCUA_DEMO=true`; otherwise null: production never falls back, its signing tasks
 * become incidents until a token is configured). With a PKCS#11 module (SoftHSM2) installed: a
 * token of its own under `DATA_DIR/signing-dev/` (the path CI and production use). Without one: a
 * development software key created on first start in `DATA_DIR/signing-dev/software-key/`, so a
 * fresh machine with only Node carries every published procedure to its result.
 */
export function demoSigningSetup(o: {
  demo: boolean;
  tokenConfigured: boolean;
  dataDir: string;
  modulePath: string;
  moduleExists?: (path: string) => boolean;
}): DemoSigningSetup | null {
  if (!o.demo || o.tokenConfigured) return null;
  const exists = o.moduleExists ?? existsSync;
  if (exists(o.modulePath)) {
    return {
      kind: 'token',
      env: { ...ensureDemoSigningToken(o.dataDir, o.modulePath) },
      message:
        '[motcua] results are signed with the demo SoftHSM2 token in DATA_DIR/signing-dev (no legal value)',
    };
  }
  const dir = resolve(o.dataDir, 'signing-dev', 'software-key');
  return {
    kind: 'dev-key',
    env: { SIGNING_DEV_KEY_DIR: dir },
    message: `[motcua] no PKCS#11 module at ${o.modulePath}: results are signed with a DEVELOPMENT software key in ${dir} (demo only, no legal value; production and CI sign with a PKCS#11 token — engine-workers/README.md, "Signing")`,
  };
}
