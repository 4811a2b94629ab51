// Lints one BPMN model in a worker thread: parse with bpmn-moddle + the Camunda descriptor, then
// bpmnlint with this package's `bpmnlintrc.json` (recommended rules + ours), messages in
// Vietnamese. Run by the portal's `lintDeployment()` (a worker keeps a slow or hostile model off
// the server's event loop, can be stopped at a time limit, and loads bpmnlint — CommonJS that
// requires ES modules — with Node's own loader whatever runs the caller).
// In: workerData { xml, rules }; out: one message { ok: true, findings } or { ok: false, reason, detail }.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const camunda = require('camunda-bpmn-moddle/resources/camunda.json');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
const lintrc = require('./bpmnlintrc.json');
const { translateMessage } = require('./messages-vi.js');

async function run({ xml, rules }) {
  let parsed;
  try {
    parsed = await new BpmnModdle({ camunda }).fromXML(xml);
  } catch (err) {
    return {
      ok: false,
      reason: 'unreadable',
      detail: String(err && err.message ? err.message : err).split('\n')[0],
    };
  }
  if (!parsed.rootElement || parsed.rootElement.$type !== 'bpmn:Definitions')
    return { ok: false, reason: 'not-bpmn', detail: '' };
  const linter = new Linter({
    config: { extends: lintrc.extends, rules: { ...(lintrc.rules || {}), ...rules } },
    resolver: new NodeResolver({ require }),
  });
  const report = await linter.lint(parsed.rootElement);
  const findings = [];
  for (const [rule, items] of Object.entries(report))
    for (const item of items)
      findings.push({
        rule,
        id: item.id || '',
        category: item.category,
        message: translateMessage(item.message),
      });
  return { ok: true, findings };
}

run(workerData).then(
  (result) => parentPort.postMessage(result),
  (err) =>
    parentPort.postMessage({
      ok: false,
      reason: 'failed',
      detail: String(err && err.stack ? err.stack : err),
    }),
);
