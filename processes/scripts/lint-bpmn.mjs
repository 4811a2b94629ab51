/**
 * Lints BPMN files with bpmnlint's recommended rules and prints the report as JSON:
 * `{ "<file>": { "<rule>": ["<element id>: <message>", …] } }` ({} per clean file). Exit 1 when
 * any file has a finding. A plain Node script (not run under Jest, which cannot load bpmnlint's
 * ESM dependencies from CommonJS).
 *
 *   node processes/scripts/lint-bpmn.mjs processes/generated/<key>/process.bpmn …
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const camunda = require('camunda-bpmn-moddle/resources/camunda.json');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

const result = {};
let findings = 0;
for (const file of process.argv.slice(2)) {
  const { rootElement } = await new BpmnModdle({ camunda }).fromXML(readFileSync(file, 'utf8'));
  const linter = new Linter({
    config: { extends: 'bpmnlint:recommended' },
    resolver: new NodeResolver({ require }),
  });
  const report = await linter.lint(rootElement);
  result[file] = Object.fromEntries(
    Object.entries(report).map(([rule, items]) => [rule, items.map((i) => `${i.id}: ${i.message}`)]),
  );
  findings += Object.keys(report).length;
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exit(findings ? 1 : 0);
