import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseCsv } from '../catalogue/csv/parse-csv.js';
import { buildCoverageReport } from './coverage-report.js';
import { coverageBlockOf, coverageMarkdown, coverageSummaryMarkdown } from './coverage-markdown.js';

/**
 * The coverage report's figures checked against the two domain CSVs, read here on their own (not
 * through the importer): how many procedures, how many superseded or doubtful, which have a legal
 * clock (every part in working days or months) and so are published.
 */
const read = (name: string) =>
  parseCsv(readFileSync(new URL(`../catalogue/__fixtures__/${name}`, import.meta.url), 'utf8')) as Array<
    Record<string, string>
  >;
const first = read('most-procedures.csv');
const more = read('most-procedures-more.csv');
const report = buildCoverageReport();

// The test's own reading: a time whose every part counts working days or months has a due date.
const clockKnown = (t: string) => /^\d+(wd|mo)(\+\d+(wd|mo))*$/.test(t.trim());
const superseded = (note: string) => /phiên bản cũ|căn cứ cũ/u.test(note);

describe('the coverage report', () => {
  it('counts every procedure of both CSVs once, and the flagged versions', () => {
    const newRows = more.filter((r) => r.relation === 'new');
    expect(report.totals.catalogued).toBe(first.length + newRows.length);
    expect(report.totals.superseded).toBe(newRows.filter((r) => superseded(r.status_note!)).length);
    expect(report.totals.toVerify).toBe(
      newRows.filter((r) => r.status_note && !superseded(r.status_note)).length,
    );
    expect(report.totals.superseded + report.totals.toVerify).toBe(13);
    expect(report.totals.generated).toBe(report.totals.catalogued - report.totals.superseded);
  });

  it('publishes exactly the current procedures whose legal clock the CSVs give', () => {
    // A row that adds facts as "the newer version" replaces the time of the row it enriches.
    const newerTime = new Map(
      more
        .filter((r) => /^enriches existing row '.*' \(newer version/.test(r.relation!))
        .map((r) => [/'(.+?)'/.exec(r.relation!)![1]!, r.processing_days!]),
    );
    const expected = [
      ...first.map((r) => ({ name: r.name_vi!, time: newerTime.get(r.name_vi!) ?? r.processing_days! })),
      ...more
        .filter((r) => r.relation === 'new' && !r.status_note && r.unit)
        .map((r) => ({ name: r.name_vi!, time: r.processing_days! })),
    ]
      .filter((r) => clockKnown(r.time))
      .map((r) => r.name.normalize('NFC'))
      .sort();
    const published = report.procedures
      .filter((p) => p.published)
      .map((p) => p.nameVi)
      .sort();
    expect(published).toEqual(expected);
    expect(report.totals.published).toBe(expected.length);
  });

  it('lists for every procedure not published why, and each unknown fact with its note', () => {
    for (const p of report.procedures.filter((x) => !x.published)) {
      expect([p.id, p.blockers.length > 0]).toEqual([p.id, true]);
      for (const m of p.missing) expect(m.noteVi.length).toBeGreaterThan(0);
    }
    const noUnit = report.procedures.find((p) => p.agencyVi === 'Chưa rõ cơ quan')!;
    expect(noUnit.blockers).toContain('Chưa rõ cơ quan thực hiện.');
    expect(noUnit.missing.map((m) => m.fact)).toContain('unit');
    // Per field and per agency, the groups add up to the totals.
    for (const groups of [report.byField, report.byAgency])
      for (const key of ['catalogued', 'generated', 'published', 'superseded'] as const)
        expect(groups.reduce((n, g) => n + g[key], 0)).toBe(report.totals[key]);
  });

  it('is what the README states (run `npm run procedures:coverage -- --readme` after an import)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(coverageBlockOf(readme)).toBe(coverageMarkdown(report));
    const root = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(coverageBlockOf(root, 'coverage-summary')).toBe(coverageSummaryMarkdown(report));
  });
});
