/**
 * The studio's modeler lints with the packed config the browser build generates; the server lints
 * with the plugin directly (lintDeployment). Both must give the same findings: a broken model is
 * linted both ways and compared.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, jest } from '@jest/globals';
import { lintDeployment } from '../src/studio-lint/lint-deployment.js';

jest.setTimeout(120_000);
const portalDir = fileURLToPath(new URL('..', import.meta.url));

describe('the packed browser lint config', () => {
  it('finds what the server finds (rules, elements, Vietnamese messages)', async () => {
    execFileSync(process.execPath, [join(portalDir, 'pack-lint-config.mjs')], { cwd: portalDir });
    // The generated 1.009846 with a user task's candidate group and one flow removed, and a topic
    // no worker handles.
    const xml = readFileSync(
      join(portalDir, '../processes/generated/most-chung-chi-nhan-vien-buc-xa/process.bpmn'),
      'utf8',
    )
      .replace(/(<bpmn:userTask id="UserTask_AppraiseDossier"[^>]*?) camunda:candidateGroups="[^"]*"/, '$1')
      .replace('camunda:topic="dossier.return-result"', 'camunda:topic="payment.request-fee"');
    const file = join(mkdtempSync(join(tmpdir(), 'packed-lint-')), 'model.bpmn');
    writeFileSync(file, xml);
    const browser = JSON.parse(
      execFileSync(process.execPath, [join(portalDir, 'test/support/lint-with-packed.mjs'), file], {
        encoding: 'utf8',
      }),
    ) as Array<{ rule: string; id: string; category: string; message: string }>;
    const server = await lintDeployment({ bpmnXml: xml });
    const key = (f: { rule: string; id: string; category: string; message: string }) =>
      `${f.rule}|${f.id}|${f.category}|${f.message}`;
    const serverFindings = [...server.errors, ...server.warnings].map(key).sort();
    expect(browser.map(key).sort()).toEqual(serverFindings);
    expect(serverFindings).toEqual(
      expect.arrayContaining([
        'motcua/user-task-candidate-group|UserTask_AppraiseDossier|error|Nhiệm vụ người dùng chưa có nhóm xử lý (camunda:candidateGroups).',
        expect.stringMatching(
          /^motcua\/external-task-topic\|.*Topic "payment\.request-fee" không có worker nào xử lý\.$/,
        ),
      ]),
    );
  });
});
