/**
 * Issue 11: `@motcua/db` gives each owner its own entry point, and lint holds each package to its
 * own, so "the portal and the workers reach the engine only through its REST API" holds at the
 * database too. The rule is checked by linting small fixtures with the repository's real ESLint
 * configuration (in a child process: ESLint loads `eslint.config.js` itself), and the entry points
 * are checked not to hand the engine's tables to anyone else.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import * as shared from '@motcua/db';
import * as engine from '@motcua/db/engine';
import * as portal from '@motcua/db/portal';
import * as workers from '@motcua/db/workers';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Fixture {
  /** Where the fixture pretends to live (it is never written to disk). */
  file: string;
  from: string;
  allowed: boolean;
}

const FIXTURES: Fixture[] = [
  { file: 'portal/src/fixture.ts', from: '@motcua/db/engine', allowed: false },
  { file: 'portal/src/fixture.ts', from: '@motcua/db/workers', allowed: false },
  { file: 'portal/src/fixture.ts', from: '@motcua/db/backup', allowed: false },
  { file: 'portal/src/fixture.ts', from: '../../db/src/engine/entities.js', allowed: false },
  { file: 'portal/src/fixture.ts', from: '@motcua/db/dist/engine.js', allowed: false },
  { file: 'portal/src/fixture.ts', from: '@motcua/engine', allowed: false },
  { file: 'portal/src/fixture.ts', from: '@motcua/db/portal', allowed: true },
  { file: 'portal/src/fixture.ts', from: '@motcua/db', allowed: true },
  { file: 'portal/test/fixture.test.ts', from: '@motcua/db/engine', allowed: false },
  { file: 'portal/test/fixture.test.ts', from: '@motcua/db/testing', allowed: true },
  { file: 'engine-workers/src/fixture.ts', from: '@motcua/db/engine', allowed: false },
  { file: 'engine-workers/src/fixture.ts', from: '@motcua/db/portal', allowed: false },
  { file: 'engine-workers/src/fixture.ts', from: '@motcua/db/workers', allowed: true },
  { file: 'engine-workers/test/fixture.test.ts', from: '@motcua/db/engine', allowed: false },
  { file: 'engine-workers/test/fixture.test.ts', from: '@motcua/db/portal', allowed: true },
  { file: 'engine/src/fixture.ts', from: '@motcua/db/portal', allowed: false },
  { file: 'engine/src/fixture.ts', from: '@motcua/db/workers', allowed: false },
  { file: 'engine/src/fixture.ts', from: '@motcua/db/engine', allowed: true },
  { file: 'engine/test/fixture.test.ts', from: '@motcua/db/portal', allowed: false },
  { file: 'domain/src/fixture.ts', from: '@motcua/db/engine', allowed: false },
];

/** The `no-restricted-imports` messages ESLint gives each fixture, in order. */
function lintFixtures(fixtures: Fixture[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    import { join } from 'node:path';
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = [];
    for (const f of JSON.parse(process.env.FIXTURES)) {
      const code = "import { x } from '" + f.from + "';\\nexport const y = x;\\n";
      const [result] = await eslint.lintText(code, { filePath: join(process.cwd(), f.file) });
      out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, FIXTURES: JSON.stringify(fixtures) },
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as string[][];
}

describe('@motcua/db entry points per owner', () => {
  it('lint refuses another owner’s tables and deep paths, and lets each package import its own', () => {
    const messages = lintFixtures(FIXTURES);
    const verdicts = FIXTURES.map(
      (f, i) => `${f.file} ← ${f.from}: ${messages[i]!.length === 0 ? 'allowed' : 'refused'}`,
    );
    expect(verdicts).toEqual(
      FIXTURES.map((f) => `${f.file} ← ${f.from}: ${f.allowed ? 'allowed' : 'refused'}`),
    );
    expect(messages[0]!.join(' ')).toContain('@motcua/db/portal only');
  }, 120_000);

  it('gives the engine’s tables and stores to the engine’s entry point alone', () => {
    const engineValues = new Set(Object.values(engine));
    const leaks = (entry: Record<string, unknown>) =>
      Object.entries(entry)
        .filter(([, value]) => engineValues.has(value))
        .map(([name]) => name);
    expect(engine.EngineTask).toBeDefined();
    expect(engine.createEngineStore).toBeDefined();
    expect(leaks(shared)).toEqual([]);
    expect(leaks(portal)).toEqual([]);
    expect(leaks(workers)).toEqual([]);
  });

  it('keeps the shared index to what every package needs', () => {
    expect(Object.keys(shared).sort()).toEqual(
      expect.arrayContaining([
        'openDatabase',
        'createDataSource',
        'parseDbUrl',
        'FileStore',
        'databaseReadinessChecks',
      ]),
    );
    expect(
      Object.keys(shared).filter((name) => /^(Engine|createEngineStore|createPortalStores)/.test(name)),
    ).toEqual([]);
  });
});
