// The pure figures of scenario (e), several engines on one database (bench/scale-report.mjs): CPU
// ticks read from /proc texts, CPU shares over a round and the growth over one engine. The bench
// itself is not a test and asserts no time; this checks only its arithmetic and parsing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
// @ts-expect-error -- a plain .mjs module of the bench, without types
import { cpuShares, growth, machineTicks, processTicks, scaleTable } from '../scale-report.mjs';
// @ts-expect-error -- a plain .mjs module of the bench, without types
import { summarize } from '../report.mjs';

describe('scale-out report', () => {
  it('reads utime + stime of a process, even when its name holds spaces and parentheses', () => {
    const fields = (name: string) =>
      `4242 (${name}) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 12 0 99 1000000 2000 18446744073709551615`;
    expect(processTicks(fields('java'))).toBe(1234 + 567);
    expect(processTicks(fields('a (weird) name'))).toBe(1234 + 567);
    expect(() => processTicks('garbage')).toThrow('not a /proc/PID/stat line');
    // and the real file of this very process parses to a count
    expect(processTicks(readFileSync('/proc/self/stat', 'utf8'))).toBeGreaterThanOrEqual(0);
  });

  it('counts busy and idle ticks of the whole machine from /proc/stat', () => {
    const text = 'cpu  100 10 50 800 40 5 5 0 0 0\ncpu0 50 5 25 400 20 2 3 0 0 0\nintr 1 2 3\n';
    expect(machineTicks(text)).toEqual({ busy: 170, total: 1010 });
    expect(() => machineTicks('intr 1')).toThrow('no cpu line');
  });

  it('turns two snapshots into CPU % of one core for each engine, mysqld, the clients and the rest', () => {
    const before = { engines: [1000, 2000], mysqld: 500, clientsMs: 10_000, machine: { busy: 0, total: 0 } };
    // 10 s at 100 ticks/s: 800 ticks = 80 % of one core; the machine: 2 cores, 3/4 busy = 150 %.
    const after = {
      engines: [1800, 2400],
      mysqld: 800,
      clientsMs: 12_000,
      machine: { busy: 1500, total: 2000 },
    };
    const cpu = cpuShares(before, after, { seconds: 10, cores: 2 });
    expect(cpu.engines).toEqual([80, 40]);
    expect(cpu.enginesTotal).toBe(120);
    expect(cpu.mysqld).toBe(30);
    expect(cpu.clients).toBe(20);
    expect(cpu.machine).toBe(150);
    expect(cpu.others).toBe(150 - 120 - 30 - 20);
    const noMysqld = cpuShares(
      { ...before, mysqld: Number.NaN },
      { ...after, mysqld: Number.NaN },
      { seconds: 10, cores: 2 },
    );
    expect(Number.isNaN(noMysqld.mysqld)).toBe(true);
    expect(noMysqld.others).toBe(150 - 120 - 20);
  });

  it('gives each row its growth over one engine of the same target, clients and cycle', () => {
    const cpu = {
      engines: [50, 50],
      enginesTotal: 100,
      mysqld: 20,
      clients: 10,
      machine: 180,
      others: 0,
      cores: 2,
    };
    const row = (target: string, engines: number, clients: number, dossiersPerSecond: number, cycle = 0) => ({
      target,
      label: target,
      engines,
      clients,
      cycle,
      instances: 200,
      seconds: 200 / dossiersPerSecond,
      dossiersPerSecond,
      conflicts: 3,
      calls: { fetchAndLock: summarize(Array.from({ length: 400 }, () => 5)) },
      cpu,
    });
    const rows = [
      row('ours', 1, 8, 20),
      row('ours', 2, 8, 30),
      row('ours', 2, 16, 30),
      row('ref', 2, 8, 10),
      row('ours', 1, 8, 10, 1),
      row('ours', 2, 8, 15, 1),
    ];
    const g = growth(rows);
    expect(g[0]).toBe(1);
    expect(g[1]).toBe(1.5);
    expect(Number.isNaN(g[2])).toBe(true); // no one-engine row with 16 clients
    expect(Number.isNaN(g[3])).toBe(true); // no one-engine row of the reference
    expect(g[5]).toBe(1.5); // the second cycle against its own one-engine row
    const lines = scaleTable(rows).split('\n');
    expect(lines).toHaveLength(2 + rows.length);
    // 100 % of a core over 200/30 s for 200 dossiers: 33.3 ms of engine CPU per dossier; 2 fetches
    // each; engines + mysqld + clients hold 130 % of the 200 %: alone, 30 × 200/130 = 46.2 dossiers/s
    expect(lines[3]).toBe(
      '| ours | 2 | 8 | 30.0 | 1.50× | 5.0 | – | – | 3 | 2.0 | 50 + 50 | 33.3 | 20 | 6.7 | 10 | 180 of 200 | 46.2 |',
    );
  });
});
