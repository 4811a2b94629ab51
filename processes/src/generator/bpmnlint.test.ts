import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCatalogue } from './generate-catalogue.js';

const LINT = fileURLToPath(new URL('../../scripts/lint-bpmn.mjs', import.meta.url));

/** bpmnlint (recommended rules) in a child process: file → rule → findings. */
function lint(files: Record<string, string>): {
  status: number | null;
  report: Record<string, Record<string, string[]>>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'bpmnlint-'));
  const paths = Object.entries(files).map(([name, xml]) => {
    writeFileSync(join(dir, name), xml);
    return join(dir, name);
  });
  const run = spawnSync(process.execPath, [LINT, ...paths], { encoding: 'utf8' });
  if (!run.stdout) throw new Error(run.stderr);
  const report = JSON.parse(run.stdout) as Record<string, Record<string, string[]>>;
  return {
    status: run.status,
    report: Object.fromEntries(Object.entries(report).map(([p, r]) => [p.slice(dir.length + 1), r])),
  };
}

describe('generated processes and bpmnlint (recommended rules)', () => {
  const { generated } = generateCatalogue();

  it('every generated process is clean', () => {
    const { status, report } = lint(
      Object.fromEntries(generated.map((g) => [`${g.key}.bpmn`, g.files['process.bpmn']!])),
    );
    expect(report).toEqual(Object.fromEntries(generated.map((g) => [`${g.key}.bpmn`, {}])));
    expect(status).toBe(0);
  });

  it('reports a broken model (the check can fail)', () => {
    // Without its outgoing flow the return step is a dead end.
    const xml = generated[0]!.files['process.bpmn']!.replace(
      /<bpmn:outgoing>Flow_ReturnResultToResultReturned<\/bpmn:outgoing>/,
      '',
    );
    const { status, report } = lint({ 'broken.bpmn': xml });
    expect(status).toBe(1);
    expect(Object.keys(report['broken.bpmn']!).length).toBeGreaterThan(0);
  });
});
