/**
 * The audit log in the administration over HTTP on the real stack, on SQLite and MariaDB: search
 * by person, dossier (code), action and dates (dd/mm/yyyy, Vietnam time), paging, and the CSV and
 * Excel exports with Vietnamese headers (each export audited), compared with the audit table.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import { testDatabases } from '@motcua/db/testing';
import { openDatabase } from '@motcua/db';
import { createPortalStores, type AuditEntry } from '@motcua/db/portal';
import { PortalClient } from './support/http-client.js';
import { documentsFor } from './support/documents.js';
import { signIn } from './support/stack-calls.js';
import { PROCEDURE_KEY, startStack, validApplication, type Stack } from './support/stack.js';

const dialects = await testDatabases();
jest.setTimeout(180_000);

/** The ids of the rows on a page of the log. */
const idsOn = (page: string) => [...page.matchAll(/data-audit-id="(\d+)"/g)].map((m) => Number(m[1]));

describe.each(dialects)('the audit log on $dialect', (factory) => {
  let stack: Stack;
  let admin: PortalClient;
  let all: AuditEntry[];
  let quantriId: string;
  let dossierId: string;
  let dossierCode: string;

  const entries = async () => {
    const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    try {
      const stores = createPortalStores(ds);
      quantriId = (await stores.users.findByUsername('quantri'))!.id;
      const d = await stores.dossiers.findById(dossierId);
      dossierCode = d!.dossierCode!;
      return await stores.audit.list({}, 10_000);
    } finally {
      await ds.destroy();
    }
  };

  beforeAll(async () => {
    stack = await startStack(factory);
    const applicant = await signIn(stack.portal.url, 'congdan');
    const form = await applicant.get(`/thu-tuc/${PROCEDURE_KEY}`);
    const res = await applicant.postJson(
      `/thu-tuc/${PROCEDURE_KEY}/nop-ho-so`,
      { data: validApplication(), documents: await documentsFor(applicant, PROCEDURE_KEY, form.text) },
      PortalClient.csrfIn(form.text),
    );
    expect(res.status).toBe(201);
    dossierId = res.json<{ id: string }>().id;
    await applicant.get(`/ho-so/${dossierId}`);
    // An officer knocks on the administration's door: denied and recorded.
    const officer = await signIn(stack.portal.url, 'canbo');
    expect((await officer.get('/quan-tri/nhat-ky')).status).toBe(403);
    admin = await signIn(stack.portal.url, 'quantri');
    // Enough entries for two pages: 60 refused sign-ins of an unknown account.
    for (let i = 0; i < 60; i++) await new PortalClient(stack.portal.url).login(`ai-do-${i % 3}`, 'sai');
    all = await entries();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('pages the whole log newest first, 50 a page', async () => {
    const first = await admin.get('/quan-tri/nhat-ky');
    expect(first.status).toBe(200);
    const total = (await entries()).length;
    expect(first.text).toContain(`Tìm thấy <strong>${total}</strong> mục.`);
    const ids = idsOn(first.text);
    expect(ids).toHaveLength(50);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const second = await admin.get('/quan-tri/nhat-ky?trang=2');
    expect(Math.max(...idsOn(second.text))).toBeLessThan(Math.min(...ids));
  });

  it('finds by person, by dossier code, by action and by dates', async () => {
    const mine = idsOn((await admin.get('/quan-tri/nhat-ky?nguoi=quantri')).text);
    expect(mine.length).toBeGreaterThan(0);
    const expectedMine = (await entries()).filter((e) => e.actor === quantriId).map((e) => e.id);
    expect(mine).toEqual(expectedMine.slice(0, 50));

    const byDossier = await admin.get(`/quan-tri/nhat-ky?ho-so=${dossierCode.toLowerCase()}`);
    const expectedDossier = all.filter((e) => e.target === dossierId || e.target === `dossier:${dossierId}`);
    expect(expectedDossier.map((e) => e.action)).toContain('dossier.submit');
    expect(idsOn(byDossier.text)).toEqual(expectedDossier.map((e) => e.id));
    expect(byDossier.text).toContain(`Hồ sơ ${dossierCode}`);

    const denied = await admin.get('/quan-tri/nhat-ky?hanh-dong=access.denied');
    expect(idsOn(denied.text)).toEqual(all.filter((e) => e.action === 'access.denied').map((e) => e.id));
    expect(denied.text).toContain('Từ chối truy cập');

    // Today in Vietnam holds everything; the day before nothing; a bad date is said and ignored.
    const vn = new Date(Date.now() + 7 * 3600_000);
    const day = (d: Date) =>
      `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
    const today = await admin.get(
      `/quan-tri/nhat-ky?tu-ngay=${day(vn)}&den-ngay=${day(vn)}&hanh-dong=login.failure`,
    );
    const failures = all.filter((e) => e.action === 'login.failure').map((e) => e.id);
    expect(failures.length).toBeGreaterThan(0);
    expect(idsOn(today.text)).toEqual(failures.slice(0, 50));
    const yesterday = new Date(vn.getTime() - 24 * 3600_000);
    const before = await admin.get(`/quan-tri/nhat-ky?den-ngay=${day(yesterday)}`);
    expect(before.text).toContain('Tìm thấy <strong>0</strong> mục.');
    const bad = await admin.get('/quan-tri/nhat-ky?tu-ngay=31/02/2026');
    expect(bad.text).toContain('Từ ngày &quot;31/02/2026&quot; không phải ngày hợp lệ');
    expect(idsOn(bad.text)).toHaveLength(50);
  });

  it('exports the search to CSV and Excel with Vietnamese headers, and audits the export', async () => {
    const csv = await admin.get('/quan-tri/nhat-ky/xuat.csv?hanh-dong=login.failure');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(
      /attachment; filename="nhat-ky-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Thời điểm,Người thực hiện,Hành động,Mã hành động,Đối tượng,Mã hồ sơ,Chi tiết,Địa chỉ IP',
    );
    const failures = all.filter((e) => e.action === 'login.failure');
    expect(lines).toHaveLength(failures.length + 1);
    expect(lines[1]).toContain(',Đăng nhập sai,login.failure,');
    expect(lines[1]).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4},/);

    const res = await fetch(`${stack.portal.url}/quan-tri/nhat-ky/xuat.xlsx?nguoi=quantri`, {
      headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Nhật ký')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'Thời điểm',
      'Người thực hiện',
      'Hành động',
      'Mã hành động',
      'Đối tượng',
      'Mã hồ sơ',
      'Chi tiết',
      'Địa chỉ IP',
    ]);
    expect(ws.rowCount).toBeGreaterThan(1);
    expect(ws.getRow(2).getCell(2).value).toBe('Vũ Thị Hạnh (quản trị)');

    const exports = (await entries()).filter((e) => e.action === 'audit.exported');
    expect(exports.map((e) => e.detail)).toEqual([
      { format: 'xlsx', rows: ws.rowCount - 1, filter: { person: 'quantri' } },
      { format: 'csv', rows: failures.length, filter: { action: 'login.failure' } },
    ]);
  });
});
