// The pure figures of the bench harness (bench/report.mjs): percentiles, the ratio targets of
// issue 15 and which of our targets is compared with which reference. The bench itself is not a
// test and asserts no time; this checks only its arithmetic.
import { describe, expect, it } from '@jest/globals';
// @ts-expect-error -- a plain .mjs module of the bench, without types
import {
  comparisons,
  percentile,
  ratioTable,
  ratios,
  readyTargetLines,
  resultsTable,
  summarize,
} from '../report.mjs';

type Calls = Record<string, { n: number; p50: number; p95: number; p99: number; max: number }>;
const result = (label: string, engine: string, db: string, over: Partial<Record<string, unknown>> = {}) => ({
  label,
  engine,
  db,
  dossiersPerSecond: 30,
  startsPerSecond: 100,
  readyMs: 10_000,
  rssMiB: 500,
  conflicts: 0,
  calls: {
    fetchAndLock: summarize([10, 20, 30, 40]),
    'external complete': summarize([10, 20, 30, 40]),
    'task complete': summarize([10, 20, 30, 40]),
  } as Calls,
  ...over,
});

describe('bench report', () => {
  it('takes nearest-rank percentiles and summarises unsorted samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(
      percentile(
        [...samples].sort((a, b) => a - b),
        50,
      ),
    ).toBe(50);
    expect(summarize(samples)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(summarize([7])).toEqual({ n: 1, p50: 7, p95: 7, p99: 7, max: 7 });
    expect(Number.isNaN(percentile([], 99))).toBe(true);
  });

  it('judges each ratio against its bound: throughput at least 3×, p99 at most half, memory at most a quarter', () => {
    const ref = result('Operaton, MariaDB', 'operaton', 'mariadb');
    const fast = result('ours, MariaDB', 'ours', 'mariadb', {
      dossiersPerSecond: 90,
      rssMiB: 100,
      calls: { ...ref.calls, fetchAndLock: summarize([5, 5, 5, 20]) },
    });
    const byName = Object.fromEntries(ratios(fast, ref).map((r: { name: string }) => [r.name, r]));
    expect(byName['dossiers/s']).toMatchObject({ ratio: 3, met: true });
    expect(byName['fetchAndLock p99']).toMatchObject({ ratio: 0.5, met: true });
    expect(byName['task complete p99']).toMatchObject({ ratio: 1, met: false });
    expect(byName.RSS).toMatchObject({ ratio: 0.2, met: true });
    expect(byName['starts/s'].met).toBeNull();
    const slow = result('ours, MariaDB', 'ours', 'mariadb', { dossiersPerSecond: 89.9 });
    expect(ratios(slow, ref)[0].met).toBe(false);
  });

  it('compares ours on MariaDB with the references on MariaDB, ours on SQLite with them on H2', () => {
    const all = [
      result('ours, SQLite', 'ours', 'sqlite'),
      result('ours, MariaDB', 'ours', 'mariadb'),
      result('Operaton, H2', 'operaton', 'h2'),
      result('Operaton, MariaDB', 'operaton', 'mariadb'),
      result('Camunda, H2', 'camunda7', 'h2'),
    ];
    const pairs = comparisons(all).map(([a, b]: { label: string }[]) => `${a.label} / ${b.label}`);
    expect(pairs).toEqual([
      'ours, SQLite / Operaton, H2',
      'ours, SQLite / Camunda, H2',
      'ours, MariaDB / Operaton, MariaDB',
    ]);
    const table = ratioTable(all).split('\n');
    expect(table).toHaveLength(2 + 3);
    expect(table[2]).toContain('1.00× (≥ 3: NOT met)');
    expect(resultsTable(all).split('\n')[2]).toContain('| ours, SQLite | 30.0 | 100.0 | 10.00 | 500 |');
    expect(readyTargetLines(all)).toEqual([
      'ours, SQLite: ready in 10.00 s (< 2 s: NOT met)',
      'ours, MariaDB: ready in 10.00 s (< 2 s: NOT met)',
    ]);
  });
});
