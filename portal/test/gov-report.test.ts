/**
 * The monthly report for the Government reporting system (issue 14): built from the known history
 * (test/reports/known-history.ts) on SQLite by the command line, written as .xlsx and .json, and
 * sent — only when configured — to a local HTTP endpoint standing in for the (non-public)
 * reporting system; a refusal there is an error, the file stays.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { openDatabase } from '@motcua/db';
import { createPortalStores } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { runGovReportCommand } from '../src/reports/gov-report/gov-report-cli.js';
import type { GovMonthlyReport } from '../src/reports/gov-report/gov-monthly-report.js';
import { buildKnownHistory } from './reports/known-history.js';

const [sqlite] = await testDatabases();

describe('the Government monthly report', () => {
  let db: TestDatabase;
  let server: Server;
  let url: string;
  const received: { auth?: string; body: GovMonthlyReport }[] = [];
  let answer = 200;
  const outDir = mkdtempSync(join(tmpdir(), 'motcua-gov-'));

  beforeAll(async () => {
    db = await sqlite!.create();
    const ds = await openDatabase({ url: db.url });
    await buildKnownHistory(ds, createPortalStores(ds), {
      'proc-a': { key: 'most-chung-chi-nhan-vien-buc-xa', code: '1.009846' },
      'proc-b': { key: 'most-chung-chi-nhan-vien-buc-xa', code: '1.009846' },
      'proc-c': { key: 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te', code: 'x' },
    });
    await ds.destroy();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(body) as GovMonthlyReport });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/bao-cao`;
  }, 60_000);
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await db?.drop();
  });

  it('writes the month per field with hand-computed figures, and sends nothing unless asked and configured', async () => {
    const r = await runGovReportCommand(['2026-11'], { dbUrl: db.url, outDir, env: { GOV_REPORT_URL: url } });
    expect(r).toEqual({ ok: true, message: `Đã tạo ${join(outDir, 'bao-cao-chinh-phu-2026-11.xlsx')}.` });
    expect(received).toEqual([]);
    const report = JSON.parse(
      readFileSync(join(outDir, 'bao-cao-chinh-phu-2026-11.json'), 'utf8'),
    ) as GovMonthlyReport;
    // New in November: online D1 D3 D4 D9, in person/post D2 D5 D8; carried over from October: D7.
    expect(report.total).toEqual({
      fieldVi: 'Tổng cộng',
      receivedTotal: 8,
      receivedOnline: 4,
      receivedInPersonOrPost: 3,
      carriedOver: 1,
      completedTotal: 4,
      completedOnTime: 2,
      completedLate: 2,
      inProgressTotal: 3,
      inProgressWithinTime: 2,
      inProgressOverdue: 1,
    });
    expect(report.rows.reduce((n, x) => n + x.receivedTotal, 0)).toBe(8);
    expect(report.assumptionsVi.length).toBeGreaterThan(0);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      readFileSync(join(outDir, 'bao-cao-chinh-phu-2026-11.xlsx')) as unknown as ArrayBuffer,
    );
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A2').value).toBe('TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG 11/2026');
    expect(ws.getCell('C4').value).toBe('Số hồ sơ nhận giải quyết');
    expect(ws.getCell('F5').value).toBe('Từ kỳ trước');
    const totalRow = ws.getRow(5 + report.rows.length + 1);
    expect(totalRow.getCell(2).value).toBe('Tổng cộng');
    expect(totalRow.getCell(3).value).toBe(8);
  });

  it('sends the JSON with its token when configured, and fails loudly on a refusal', async () => {
    const env = { GOV_REPORT_URL: url, GOV_REPORT_TOKEN: 'tok-123' };
    const sent = await runGovReportCommand(['2026-11', '--gui'], { dbUrl: db.url, outDir, env });
    expect(sent.ok).toBe(true);
    expect(received).toHaveLength(1);
    expect(received[0]!.auth).toBe('Bearer tok-123');
    expect(received[0]!.body.total.receivedTotal).toBe(8);

    answer = 503;
    await expect(runGovReportCommand(['2026-11', '--gui'], { dbUrl: db.url, outDir, env })).rejects.toThrow(
      'Hệ thống báo cáo trả lời 503',
    );
    expect(existsSync(join(outDir, 'bao-cao-chinh-phu-2026-11.xlsx'))).toBe(true);

    const unconfigured = await runGovReportCommand(['2026-11', '--gui'], { dbUrl: db.url, outDir, env: {} });
    expect(unconfigured.message).toContain('chưa cấu hình GOV_REPORT_URL');
    expect(await runGovReportCommand(['2026-13'], { dbUrl: db.url, outDir, env: {} })).toMatchObject({
      ok: false,
    });
    await expect(
      runGovReportCommand(['2026-11'], { dbUrl: db.url, outDir, env: { GOV_REPORT_URL: 'khong-phai-url' } }),
    ).rejects.toThrow('GOV_REPORT_URL phải là một URL');
  });
});
