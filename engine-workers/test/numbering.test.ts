import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { assignDossierCode, issueResultNumber } from '@motcua/db/workers';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { parseDossierCode } from '@motcua/domain';

const dialects = await testDatabases();

describe.each(dialects)('dossier-code and result-number counters on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  // 2026-11-27 10:00 in Hà Nội, and the next day.
  const day1 = new Date('2026-11-27T03:00:00Z');
  const day2 = new Date('2026-11-28T03:00:00Z');

  it('numbers dossiers 1, 2, 3 within a day and restarts the next day', async () => {
    const a = await assignDossierCode(ds, { processInstanceId: 'pi-a', unitCode: 'G13.ATBXHN', at: day1 });
    const b = await assignDossierCode(ds, { processInstanceId: 'pi-b', unitCode: 'G13.ATBXHN', at: day1 });
    const c = await assignDossierCode(ds, { processInstanceId: 'pi-c', unitCode: 'G13.ATBXHN', at: day2 });
    const other = await assignDossierCode(ds, { processInstanceId: 'pi-d', unitCode: 'H26', at: day1 });
    expect([a.dossierCode, b.dossierCode, c.dossierCode, other.dossierCode]).toEqual([
      'G13.ATBXHN-261127-00001',
      'G13.ATBXHN-261127-00002',
      'G13.ATBXHN-261128-00001',
      'H26-261127-00001',
    ]);
    expect(a.existing).toBe(false);
  });

  it('gives a redelivered task the same code and receipt time, without drawing a number', async () => {
    const first = await assignDossierCode(ds, {
      processInstanceId: 'pi-redelivered',
      unitCode: 'G13.ATBXHN',
      at: day1,
    });
    const again = await assignDossierCode(ds, {
      processInstanceId: 'pi-redelivered',
      unitCode: 'G13.ATBXHN',
      at: new Date(),
    });
    expect(again.existing).toBe(true);
    expect(again.dossierCode).toBe(first.dossierCode);
    expect(again.assignedAt.toISOString()).toBe(day1.toISOString());
    const next = await assignDossierCode(ds, {
      processInstanceId: 'pi-after',
      unitCode: 'G13.ATBXHN',
      at: day1,
    });
    expect(parseDossierCode(next.dossierCode)!.sequence).toBe(
      parseDossierCode(first.dossierCode)!.sequence + 1,
    );
  });

  it('never reuses a number whose assignment failed', async () => {
    const before = await assignDossierCode(ds, {
      processInstanceId: 'pi-before-failure',
      unitCode: 'FAIL',
      at: day1,
    });
    // Bad input is refused before a number is drawn.
    await expect(
      assignDossierCode(ds, { processInstanceId: 'pi-bad', unitCode: 'FAIL', at: new Date('invalid') }),
    ).rejects.toThrow(/not a valid date/);
    // A worker that drew a number and crashed before recording it: the number is gone for good.
    await ds.query('UPDATE dossier_code_counter SET last_sequence = last_sequence + 1 WHERE unit_code = ?', [
      'FAIL',
    ]);
    const after = await assignDossierCode(ds, {
      processInstanceId: 'pi-after-failure',
      unitCode: 'FAIL',
      at: day1,
    });
    expect(after.sequence).toBe(before.sequence + 2);
  });

  it('gives 50 concurrent receipts 50 distinct, gap-free codes', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        assignDossierCode(ds, { processInstanceId: `pi-par-${i}`, unitCode: 'PAR', at: day1 }),
      ),
    );
    const codes = new Set(results.map((r) => r.dossierCode));
    expect(codes.size).toBe(50);
    expect(results.map((r) => r.sequence).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });

  it('hands one code to 10 concurrent deliveries of the same task', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        assignDossierCode(ds, { processInstanceId: 'pi-dup', unitCode: 'DUP', at: day1 }),
      ),
    );
    expect(new Set(results.map((r) => r.dossierCode)).size).toBe(1);
    const rows = await ds.query(
      'SELECT COUNT(*) AS n FROM dossier_code_assignment WHERE process_instance_id = ?',
      ['pi-dup'],
    );
    expect(Number(rows[0].n)).toBe(1);
  });

  it('issues certificate numbers per year, idempotently per instance', async () => {
    const a = await issueResultNumber(ds, {
      processInstanceId: 'pi-a',
      series: 'CCNV',
      period: '2026',
      at: day1,
    });
    const a2 = await issueResultNumber(ds, {
      processInstanceId: 'pi-a',
      series: 'CCNV',
      period: '2026',
      at: day2,
    });
    const b = await issueResultNumber(ds, {
      processInstanceId: 'pi-b',
      series: 'CCNV',
      period: '2026',
      at: day1,
    });
    const c = await issueResultNumber(ds, {
      processInstanceId: 'pi-c',
      series: 'CCNV',
      period: '2027',
      at: day1,
    });
    expect([a.resultNumber, a2.resultNumber, b.resultNumber, c.resultNumber]).toEqual([
      'CCNV-2026-000001',
      'CCNV-2026-000001',
      'CCNV-2026-000002',
      'CCNV-2027-000001',
    ]);
    expect(a2.existing).toBe(true);
    const parallel = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        issueResultNumber(ds, { processInstanceId: `pi-r${i}`, series: 'CCNV', period: '2028', at: day1 }),
      ),
    );
    expect(new Set(parallel.map((r) => r.resultNumber)).size).toBe(20);
  });
});
