/**
 * Access to the indicator reports (issue 14) over HTTP on the whole platform (SQLite), with the
 * known history of test/reports/known-history.ts filed under real catalogue procedures: the admin
 * sees every unit at /quan-tri/bao-cao; the leader `lanhdao` (unit G13.ATBXHN) sees only their
 * unit at /lanh-dao/bao-cao — figures, drill-down and exports — and never another unit's, even
 * when asking for it; applicants, officers and designers get 403. The exports carry Vietnamese
 * headers and the hand-computed figures.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import { openDatabase } from '@motcua/db';
import { createPortalStores } from '@motcua/db/portal';
import { testDatabases } from '@motcua/db/testing';
import { signIn } from './support/stack-calls.js';
import { startStack, type Stack } from './support/stack.js';
import type { PortalClient } from './support/http-client.js';
import { buildKnownHistory } from './reports/known-history.js';

const [sqlite] = await testDatabases();
jest.setTimeout(240_000);

/** proc-a and proc-b: the leader's unit (G13.ATBXHN); proc-c: another unit (BKHCN). */
const OWN = { key: 'most-chung-chi-nhan-vien-buc-xa', code: 'G13-OWN' };
const OTHER = { key: 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te', code: 'BKHCN-OTHER' };

/** The "Tổng hợp" row of a CSV export as header → value. */
function totals(csv: string): Record<string, string> {
  const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
  const at = lines.indexOf('Tổng hợp');
  const headers = lines[at + 1]!.split(',');
  const values = lines[at + 2]!.split(',');
  return Object.fromEntries(headers.map((h, i) => [h, values[i]!]));
}

describe('access to the indicator reports', () => {
  let stack: Stack;
  let ids: Map<string, string>;

  beforeAll(async () => {
    stack = await startStack(sqlite!);
    const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    try {
      ids = await buildKnownHistory(ds, createPortalStores(ds), {
        'proc-a': OWN,
        'proc-b': OWN,
        'proc-c': OTHER,
      });
    } finally {
      await ds.destroy();
    }
  });
  afterAll(async () => {
    await stack?.close();
  });

  const csv = async (c: PortalClient, path: string) => {
    const res = await c.get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    return res.text;
  };

  it('the admin sees every unit: November 2026 as worked out by hand', async () => {
    const admin = await signIn(stack.portal.url, 'quantri');
    const page = await admin.get('/quan-tri/bao-cao?thang=2026-11');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tất cả đơn vị');
    const t = totals(await csv(admin, '/quan-tri/bao-cao.csv?thang=2026-11'));
    expect(t['Kỳ báo cáo']).toBe('Tháng 11/2026');
    expect(t['Hồ sơ tiếp nhận']).toBe('7');
    expect(t['Hồ sơ đã giải quyết']).toBe('4');
    expect(t['Tỷ lệ giải quyết đúng hạn (%)']).toBe('50');
    expect(t['Thời gian giải quyết trung bình (ngày làm việc)']).toBe('6.5');
    expect(t['Tỷ lệ hồ sơ thanh toán trực tuyến (%)']).toBe('50');
  });

  it('the leader sees only their unit, whatever they ask for', async () => {
    const leader = await signIn(stack.portal.url, 'lanhdao');
    const own = totals(await csv(leader, '/lanh-dao/bao-cao.csv?thang=2026-11'));
    // proc-a and proc-b dossiers received in November: D1 D2 D3 D4 D9.
    expect(own['Hồ sơ tiếp nhận']).toBe('5');
    expect(own['Hồ sơ đã giải quyết']).toBe('4');
    // Asking for the other unit gives nothing of it.
    const other = totals(await csv(leader, '/lanh-dao/bao-cao.csv?thang=2026-11&don-vi=BKHCN'));
    expect(other['Hồ sơ tiếp nhận']).toBe('0');
    const otherProcedure = totals(
      await csv(leader, `/lanh-dao/bao-cao.csv?thang=2026-11&thu-tuc=${OTHER.key}`),
    );
    expect(otherProcedure['Hồ sơ tiếp nhận']).toBe('0');

    const list = await leader.get('/lanh-dao/bao-cao/ho-so?thang=2026-11&chi-so=received');
    expect(list.status).toBe(200);
    for (const d of ['D1', 'D2', 'D3', 'D4', 'D9']) expect(list.text).toContain(ids.get(d)!.slice(0, 8));
    for (const d of ['D5', 'D8']) expect(list.text).not.toContain(ids.get(d)!.slice(0, 8));
    // The export of the same list: the leader's five dossiers, Vietnamese headers.
    const exported = (await csv(leader, '/lanh-dao/bao-cao/ho-so.csv?thang=2026-11&chi-so=received'))
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(exported[0]).toBe(
      'Mã hồ sơ,Mã thủ tục,Tên thủ tục,Kênh,Ngày tiếp nhận,Ngày hẹn trả,Ngày giải quyết,Số ngày làm việc,Quá hạn,Đánh giá',
    );
    expect(exported).toHaveLength(1 + 5);
    expect(exported.join('\n')).not.toContain(ids.get('D5')!.slice(0, 8));
    const otherList = await leader.get('/lanh-dao/bao-cao/ho-so?thang=2026-11&chi-so=received&don-vi=BKHCN');
    expect(otherList.text).toContain('Không có hồ sơ.');
    // The page names the leader's unit and offers only it.
    const page = await leader.get('/lanh-dao/bao-cao?thang=2026-11');
    expect(page.text).toContain('Đơn vị: Cục An toàn bức xạ và hạt nhân');
    expect(page.text).not.toContain('value="BKHCN"');
    // The leader is no admin.
    expect((await leader.get('/quan-tri/bao-cao')).status).toBe(403);
  });

  it.each(['congdan', 'canbo', 'thietke', 'quantri'])(
    '%s gets 403 on every leader report route',
    async (username) => {
      const c = await signIn(stack.portal.url, username);
      for (const path of [
        '/lanh-dao/bao-cao',
        '/lanh-dao/bao-cao/ho-so?chi-so=late',
        '/lanh-dao/bao-cao/ho-so.csv?chi-so=late',
        '/lanh-dao/bao-cao.csv',
        '/lanh-dao/bao-cao.xlsx',
      ]) {
        const res = await c.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
      }
    },
  );

  it('a bad filter gets a readable Vietnamese error, not another report', async () => {
    const admin = await signIn(stack.portal.url, 'quantri');
    const res = await admin.get('/quan-tri/bao-cao?thang=2026-13&tu=31/02/2026&den=01/03/2026&kenh=9');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Tháng phải có dạng YYYY-MM');
    expect(res.text).toContain('Từ ngày và đến ngày phải là ngày có thật');
    expect(res.text).toContain('Kênh phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính).');
    expect((await admin.get('/quan-tri/bao-cao.csv?thang=2026-13')).status).toBe(400);
    expect((await admin.get('/quan-tri/bao-cao/ho-so?chi-so=khong-co')).status).toBe(400);
  });

  it('gives the admin the monthly Government report, and nobody else', async () => {
    const admin = await signIn(stack.portal.url, 'quantri');
    const res = await admin.request('GET', '/quan-tri/bao-cao/chinh-phu.json?thang=2026-11', {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.json<{ total: { receivedTotal: number; carriedOver: number } }>().total).toMatchObject({
      receivedTotal: 8,
      carriedOver: 1,
    });
    const xlsx = await admin.get('/quan-tri/bao-cao/chinh-phu.xlsx?thang=2026-11');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('bao-cao-chinh-phu-2026-11.xlsx');
    expect((await admin.get('/quan-tri/bao-cao/chinh-phu.xlsx?thang=2026-13')).status).toBe(400);
    const leader = await signIn(stack.portal.url, 'lanhdao');
    expect((await leader.get('/quan-tri/bao-cao/chinh-phu.xlsx?thang=2026-11')).status).toBe(403);
  });

  it('exports to Excel with Vietnamese sheets and headers', async () => {
    const admin = await signIn(stack.portal.url, 'quantri');
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${stack.portal.url}/quan-tri/bao-cao.xlsx?thang=2026-11&theo=channel`, {
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Theo kênh',
      'Xu hướng theo tháng',
      'Chỉ số 766',
      'Cách tính',
    ]);
    const sum = wb.getWorksheet('Tổng hợp')!;
    expect(sum.getRow(1).getCell(2).value).toBe('Hồ sơ tiếp nhận');
    expect(sum.getRow(2).getCell(2).value).toBe(7);
    const byChannel = wb.getWorksheet('Theo kênh')!;
    const rows = byChannel.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => [r[1], r[2]])).toEqual([
      ['Bưu chính công ích', 1],
      ['Trực tiếp', 2],
      ['Trực tuyến', 4],
    ]);
    const score = wb.getWorksheet('Chỉ số 766')!;
    expect(score.getRow(3).values).toEqual([
      undefined,
      'Tiến độ, kết quả giải quyết',
      20,
      10,
      expect.any(String),
    ]);
  });
});
