/**
 * The catalogue's coverage: per field and agency, how many procedures are catalogued, generated
 * and published, and which facts are missing for the rest.
 *
 *   npm run procedures:coverage              # tables and, per procedure not published, what is missing
 *   npm run procedures:coverage -- --json    # the whole report as JSON
 *   npm run procedures:coverage -- --readme  # rewrites the coverage blocks of processes/README.md and README.md
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCoverageReport } from '../src/coverage/coverage-report.js';
import {
  coverageMarkdown,
  coverageSummaryMarkdown,
  withCoverageBlock,
} from '../src/coverage/coverage-markdown.js';

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, readme: { type: 'boolean', default: false } },
});
const report = buildCoverageReport();
if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else if (values.readme) {
  const path = fileURLToPath(new URL('../README.md', import.meta.url));
  writeFileSync(path, withCoverageBlock(readFileSync(path, 'utf8'), coverageMarkdown(report)));
  const root = fileURLToPath(new URL('../../README.md', import.meta.url));
  writeFileSync(
    root,
    withCoverageBlock(readFileSync(root, 'utf8'), coverageSummaryMarkdown(report), 'coverage-summary'),
  );
  process.stdout.write(`Đã cập nhật khối độ phủ danh mục trong ${path} và ${root}\n`);
} else process.stdout.write(`${coverageMarkdown(report, { details: true })}\n`);
