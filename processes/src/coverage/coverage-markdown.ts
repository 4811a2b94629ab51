import { PROCEDURE_FACTS } from '../catalogue/procedure-description.js';
import { FACT_VI, type CoverageCounts, type CoverageGroup, type CoverageReport } from './coverage-report.js';

/**
 * The coverage report as Markdown: the totals, the tables per field and per agency, and the facts
 * missing for each procedure not published. `npm run procedures:coverage` prints it; the README's
 * block between the coverage markers is this text (a test compares them).
 */

const missingText = (c: CoverageCounts) =>
  PROCEDURE_FACTS.filter((f) => c.missingByFact[f])
    .map((f) => `${FACT_VI[f]} ${c.missingByFact[f]}`)
    .join(', ') || '—';

function table(title: string, rows: CoverageGroup[]): string[] {
  return [
    `| ${title} | trong danh mục | phiên bản cũ | cần xác minh | sinh quy trình | công bố | thiếu (thủ tục hiện hành chưa công bố) |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (g) =>
        `| ${g.nameVi} | ${g.catalogued} | ${g.superseded} | ${g.toVerify} | ${g.generated} | ${g.published} | ${missingText(g)} |`,
    ),
  ];
}

export function coverageSummaryMarkdown(report: CoverageReport): string {
  const t = report.totals;
  return [
    `**${t.catalogued} thủ tục trong danh mục** (${t.current} hiện hành, ${t.superseded} phiên bản cũ giữ để tra cứu, ${t.toVerify} cần xác minh còn hiệu lực), **${t.generated} được sinh quy trình**, **${t.published} được công bố** (\`npm start\`).`,
    '',
    `Thủ tục hiện hành chưa công bố (${t.current - t.published}), số thủ tục thiếu từng dữ kiện: ${missingText(t)}.`,
  ].join('\n');
}

export function coverageMarkdown(report: CoverageReport, options: { details?: boolean } = {}): string {
  const lines = [
    coverageSummaryMarkdown(report),
    '',
    ...table('Lĩnh vực', report.byField),
    '',
    ...table('Cơ quan', report.byAgency),
  ];
  if (options.details) {
    lines.push('', '### Thủ tục chưa công bố: dữ kiện còn thiếu', '');
    for (const p of report.procedures.filter((x) => !x.published)) {
      lines.push(`- **${p.nameVi}** (\`${p.id}\`; ${p.agencyVi}): ${p.blockers.join(' ')}`);
      for (const m of p.missing) lines.push(`  - ${FACT_VI[m.fact]}: ${m.noteVi}`);
    }
  }
  return lines.join('\n');
}

/**
 * The README blocks `npm run procedures:coverage -- --readme` rewrites: the whole report in
 * processes/README.md (`coverage`), the summary in the root README.md (`coverage-summary`).
 */
export type CoverageBlock = 'coverage' | 'coverage-summary';

const markers = (name: CoverageBlock) => ({
  start: `<!-- ${name}:start (npm run procedures:coverage -- --readme) -->`,
  end: `<!-- ${name}:end -->`,
});

/** Replaces the README's block (between its markers) with `block`. */
export function withCoverageBlock(readme: string, block: string, name: CoverageBlock = 'coverage'): string {
  const { start: s, end: e } = markers(name);
  const start = readme.indexOf(s);
  const end = readme.indexOf(e);
  if (start < 0 || end < start) throw new RangeError(`README has no ${name} markers`);
  return `${readme.slice(0, start + s.length)}\n${block}\n${readme.slice(end)}`;
}

/** The block between the markers, or null. */
export function coverageBlockOf(readme: string, name: CoverageBlock = 'coverage'): string | null {
  const { start: s, end: e } = markers(name);
  const start = readme.indexOf(s);
  const end = readme.indexOf(e);
  if (start < 0 || end < start) return null;
  return readme.slice(start + s.length, end).trim();
}
