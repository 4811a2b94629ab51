// Lints a BPMN file (argv[2]) with the packed browser config (src/studio-lint/generated/
// packed-config.mjs, as the studio's modeler gets it) and prints the findings as JSON
// [{ rule, id, category, message }] with the Vietnamese messages. A Node script (bpmnlint is
// CommonJS requiring ES modules, which jest's module system cannot load).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import packed from '../../src/studio-lint/generated/packed-config.mjs';

const require = createRequire(import.meta.url);
const camunda = require('camunda-bpmn-moddle/resources/camunda.json');
const { Linter } = require('bpmnlint');
const { translateMessage } = require('bpmnlint-plugin-motcua/messages-vi');

const { rootElement } = await new BpmnModdle({ camunda }).fromXML(readFileSync(process.argv[2], 'utf8'));
const report = await new Linter({ config: packed.config, resolver: packed.resolver }).lint(rootElement);
const findings = Object.entries(report).flatMap(([rule, items]) =>
  items.map((i) => ({ rule, id: i.id, category: i.category, message: translateMessage(i.message) })),
);
process.stdout.write(JSON.stringify(findings));
