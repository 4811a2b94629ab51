// The pure parts of scenarios (c) and (d) of the bench harness: the --scenarios option, the
// per-query table with the row check, the p95 targets on MariaDB and the ratios (bench/data-scale-report.mjs),
// and the seed statements' chunking and column filter (bench/scenarios/data-scale-seed.mjs). The bench
// itself is not a test and asserts no time; this checks only its arithmetic and text.
import { describe, expect, it } from '@jest/globals';
// @ts-expect-error -- a plain .mjs module of the bench, without types
import {
  parseScenarios,
  rowAgreement,
  scaleRatioTable,
  scaleTable,
  scaleTargetLines,
} from '../data-scale-report.mjs';
// @ts-expect-error -- a plain .mjs module of the bench, without types
import { DIALECTS, fillStatements, historyFills, openTaskFills } from '../scenarios/data-scale-seed.mjs';

type Timing = { samples: number[]; rows: number | null; cpuMs: number; error?: string };
const timing = (samples: number[], rows = 10, error?: string): Timing => ({ samples, rows, cpuMs: 2, error });

describe('bench scale scenarios: report', () => {
  it('parses --scenarios: default a,b; any subset in a fixed order; unknown names refused', () => {
    expect(parseScenarios(undefined)).toEqual(['a', 'b']);
    expect(parseScenarios('d, C')).toEqual(['c', 'd']);
    expect(parseScenarios('a,b,c,d,a')).toEqual(['a', 'b', 'c', 'd']);
    expect(() => parseScenarios('c,e')).toThrow(/subset of a,b,c,d/);
    expect(() => parseScenarios('')).toThrow(/--scenarios/);
  });

  const ours = {
    label: 'ours, MariaDB',
    engine: 'ours',
    db: 'mariadb',
    c: { page: timing([10, 20, 30, 40]), count: timing([5, 5, 5, 60], 42) },
  };
  const operaton = {
    label: 'Operaton, MariaDB',
    engine: 'operaton',
    db: 'mariadb',
    c: { page: timing([100, 100, 100, 100]), count: timing([30, 30, 30, 30], 41) },
  };
  const sqlite = { label: 'ours, SQLite', engine: 'ours', db: 'sqlite', c: { page: timing([1, 2]) } };

  it('flags a query whose row counts differ between engines, and ignores targets that errored', () => {
    const agree = rowAgreement([ours, operaton], 'c');
    expect(agree.page).toEqual({ rows: [10, 10], same: true });
    expect(agree.count).toEqual({ rows: [42, 41], same: false });
    const failed = { ...operaton, c: { ...operaton.c, count: timing([], null, 'HTTP 400') } };
    expect(rowAgreement([ours, failed], 'c').count).toEqual({ rows: [42, null], same: true });
    expect(rowAgreement([failed], 'c').count).toEqual({ rows: [null], same: null });
    expect(scaleTable([failed], 'c').split('\n')[3]).toMatch(/\| – \|$/);
    const table = scaleTable([ours, failed, sqlite], 'c').split('\n');
    expect(table).toHaveLength(2 + 2);
    expect(table[2]).toBe(
      '| page | 20.0 / 40.0 / 40.0 (10; 2.0) | 100.0 / 100.0 / 100.0 (10; 2.0) | 1.0 / 2.0 / 2.0 (10; 2.0) | yes |',
    );
    expect(table[3]).toContain('error: HTTP 400');
    expect(table[3]).toContain('| – |');
  });

  it('judges the slowest p95 of each MariaDB run against the scenario bound and gives p95 ratios', () => {
    expect(scaleTargetLines([ours, operaton, sqlite], 'c')).toEqual([
      "ours, MariaDB (c): slowest p95 60.0 ms ('count') (≤ 50 ms: NOT met)",
      "Operaton, MariaDB (c): slowest p95 100.0 ms ('page') (≤ 50 ms: NOT met)",
    ]);
    const fast = { ...ours, c: { page: timing([3, 49]), count: timing([12]) } };
    expect(scaleTargetLines([fast], 'c')[0]).toContain('slowest p95 49.0 ms');
    expect(scaleTargetLines([fast], 'c')[0]).toContain('(≤ 50 ms: met)');
    expect(scaleTargetLines([{ ...ours, d: { q: timing([250]) } }], 'd')[0]).toContain('(≤ 200 ms: NOT met)');
    const ratios = scaleRatioTable([ours, operaton, sqlite], 'c').split('\n');
    expect(ratios[0]).toBe('| query (p95 ours / reference) | ours, MariaDB / Operaton, MariaDB |');
    expect(ratios[2]).toBe('| page | 0.40× |');
    expect(ratios[3]).toBe('| count | 2.00× |');
    expect(scaleRatioTable([sqlite], 'c')).toBeNull();
  });
});

describe('bench scale scenarios: seed statements', () => {
  const all = () =>
    new Set(['id', 'rev', 'id_', 'rev_', 'group_id_', 'type_', 'task_id_', 'taskid', 'groupid', 'type']);

  it('writes each table in chunks of 100 000 sequence numbers, leaving out columns the schema lacks', () => {
    const fills = openTaskFills('camunda', DIALECTS.mysql, { groups: 100 }).filter(
      (f: { table: string }) => f.table === 'ACT_RU_IDENTITYLINK',
    );
    const statements: string[] = fillStatements(DIALECTS.mysql, fills, 250_000, all);
    expect(statements).toHaveLength(2 * 3);
    expect(statements[0]).toMatch(
      /^INSERT INTO ACT_RU_IDENTITYLINK \(ID_, REV_, GROUP_ID_, TYPE_, TASK_ID_\) SELECT /,
    );
    expect(statements[0]).toContain('FROM seq_0_to_99999 s JOIN bench_procdef d');
    expect(statements[2]).toContain('FROM seq_200000_to_249999 s');
    expect(statements[5]).toMatch(/WHERE s\.seq % 10 = 0$/);
  });

  it('builds the same ids on SQLite with a recursive sequence', () => {
    const fills = historyFills('ours', DIALECTS.sqlite);
    expect(fills.map((f: { table: string }) => f.table)).toEqual([
      'eng_hi_procinst',
      'eng_hi_actinst',
      'eng_hi_actinst',
      'eng_hi_actinst',
      'eng_hi_actinst',
      'eng_hi_taskinst',
    ]);
    const [first] = fillStatements(DIALECTS.sqlite, fills.slice(0, 1), 10, () => new Set(['id', 'rev']));
    expect(first).toBe(
      "WITH RECURSIVE s(seq) AS (SELECT 0 UNION ALL SELECT seq + 1 FROM s WHERE seq < 9) INSERT INTO eng_hi_procinst (id, rev) SELECT ('fpi-' || printf('%07d', s.seq)), 1 FROM s JOIN bench_procdef d ON d.p = s.seq % (SELECT COUNT(*) FROM bench_procdef)",
    );
  });
});
