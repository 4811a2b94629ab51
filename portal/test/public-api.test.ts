/**
 * The portal's public JSON API (fixed interfaces): the published catalogue and the due-date
 * calculator, on the real platform (engine, workers, portal) on SQLite and MariaDB, with the
 * holiday table edited in the database.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { buildStatutoryYear } from '@motcua/domain';
import { openDatabase } from '@motcua/db';
import { createHolidayStore } from '@motcua/db/portal';
import { loadProcedureDescriptions, loadPublishedCatalogue } from '@motcua/processes';
import { PROCEDURE_KEY, startStack, type Stack } from './support/stack.js';

const dialects = await testDatabases();
jest.setTimeout(120_000);

interface Published {
  id: string;
  code: string | null;
  nameVi: string;
  deployable: boolean;
  key?: string;
  processKey?: string;
  url?: string;
  processingDays?: number;
  processingTime: { asStated: string; parts: { amount: number; unit: string }[] } | null;
  fees: unknown;
  requiredDocuments: { nameVi: string }[];
  unit: { nameVi: string };
  field: { vi: string };
  unknown: string[];
  generation?: { publishable: boolean };
}

describe.each(dialects)('public API on $dialect', (factory) => {
  let stack: Stack;
  let url: string;
  const getJson = async (path: string) => {
    const res = await fetch(url + path);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    stack = await startStack(factory);
    url = stack.portal.url;
  });
  afterAll(async () => {
    await stack?.close();
  });

  describe('GET /api/procedures', () => {
    it('lists every catalogue procedure, with the process key only where it is deployed', async () => {
      const { status, body } = await getJson('/api/procedures');
      expect(status).toBe(200);
      const list = body as Published[];
      expect(list).toHaveLength(loadProcedureDescriptions().length);
      const deployed = list.filter((p) => p.deployable);
      // The hand-modelled skeleton, and every generated process the processes package marks publishable.
      const served = loadPublishedCatalogue();
      expect(deployed.map((p) => p.key).sort()).toEqual(served.map((e) => e.key).sort());
      expect(deployed.find((p) => p.code === '1.009846')).toMatchObject({
        key: PROCEDURE_KEY,
        processKey: PROCEDURE_KEY,
        url: `/thu-tuc/${PROCEDURE_KEY}`,
      });
      for (const p of deployed.filter((x) => x.key !== PROCEDURE_KEY))
        expect(p).toMatchObject({ generation: { publishable: true }, url: `/thu-tuc/${p.key}` });
      for (const p of list.filter((x) => !x.deployable)) expect(p.key).toBeUndefined();
    });

    it('gives the public facts: name, field, unit, time, fees, documents, and what is unknown', async () => {
      const list = (await getJson('/api/procedures')).body as Published[];
      const worker = list.find((p) => p.code === '1.009846')!;
      expect(worker.processingDays).toBe(15);
      expect(worker.processingTime!.parts.map((x) => x.amount)).toEqual([5, 10]);
      expect(worker.field.vi).toBe('Năng lượng nguyên tử, an toàn bức xạ và hạt nhân');
      expect(worker.unit.nameVi).toBe('Cục An toàn bức xạ và hạt nhân');
      expect(worker.requiredDocuments.length).toBeGreaterThan(0);
      expect(worker.fees).toBeNull();
      expect(worker.unknown).toContain('fees');
      const licence = list.find((p) => p.code === '1.009829')!;
      expect(licence.fees).toEqual({
        kind: 'tiered',
        tiers: [2_000_000, 3_000_000, 4_000_000].map((amountVnd) => ({ amountVnd, nameVi: null })),
      });
      expect(licence.deployable).toBe(false);
      const trademark = list.find((p) => p.id === 'dang-ky-nhan-hieu')!;
      expect(trademark.code).toBeNull();
      expect(trademark.unknown).toContain('code');
    });
  });

  describe('GET /api/calendar/due-date', () => {
    it('counts working days on the default calendar (Tết 2026, Giỗ Tổ 2026 and its compensatory day)', async () => {
      expect((await getJson('/api/calendar/due-date?from=2026-02-11&workingDays=15')).body).toEqual({
        dueDate: '2026-03-11',
      });
      expect((await getJson('/api/calendar/due-date?from=2026-04-24&workingDays=1')).body).toEqual({
        dueDate: '2026-04-28',
      });
      expect((await getJson('/api/calendar/due-date?from=2026-11-27&workingDays=0')).body).toEqual({
        dueDate: '2026-11-27',
      });
    });

    it('follows the holiday table an administrator saved in the database', async () => {
      // Friday 2031-03-07 has no holiday by default: +1 working day from Thursday is Friday.
      expect((await getJson('/api/calendar/due-date?from=2031-03-06&workingDays=1')).body).toEqual({
        dueDate: '2031-03-07',
      });
      const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
      try {
        const y = buildStatutoryYear(2031);
        y.daysOff.push({ date: '2031-03-07', nameVi: 'Nghỉ hoán đổi (kiểm thử)' });
        await createHolidayStore(ds).saveYear(y, { savedBy: 'admin' });
      } finally {
        await ds.destroy();
      }
      expect((await getJson('/api/calendar/due-date?from=2031-03-06&workingDays=1')).body).toEqual({
        dueDate: '2031-03-10',
      });
    });

    it.each([
      ['', /Thiếu tham số from/],
      ['?from=2026-11-27', /Thiếu tham số workingDays/],
      ['?from=27/11/2026&workingDays=5', /dạng YYYY-MM-DD/],
      ['?from=2026-02-30&workingDays=5', /ngày có thật/],
      ['?from=2026-11-27&workingDays=-1', /số nguyên từ 0 đến 3650/],
      ['?from=2026-11-27&workingDays=1.5', /số nguyên/],
      ['?from=2026-11-27&workingDays=99999', /số nguyên/],
      ['?from=2026-11-27&from=2026-11-28&workingDays=1', /Tham số from chỉ được có một giá trị/],
    ])('answers 400 with a Vietnamese message for %s', async (query, message) => {
      const { status, body } = await getJson(`/api/calendar/due-date${query}`);
      expect(status).toBe(400);
      expect((body as { message: string }).message).toMatch(message);
    });
  });
});
