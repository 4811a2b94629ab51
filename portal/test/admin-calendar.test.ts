/**
 * The working-day calendar in the administration over HTTP on the real stack, on SQLite and
 * MariaDB: a year's table with the lunar dates of Tết and Giỗ Tổ, a refused edit, the preview of an
 * added day off moving the due date of a real open dossier by one working day, no save without the
 * preview's confirmation, then the save as a new version (audited) that the due-date API follows.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { addDays, buildStatutoryYear, createWorkingCalendar, isWeekend, vietnamDate } from '@motcua/domain';
import { testDatabases } from '@motcua/db/testing';
import { openDatabase } from '@motcua/db';
import { createHolidayStore, createPortalStores } from '@motcua/db/portal';
import { PortalClient } from './support/http-client.js';
import { documentsFor } from './support/documents.js';
import { signIn, until } from './support/stack-calls.js';
import { PROCEDURE_KEY, startStack, validApplication, type Stack } from './support/stack.js';
import { dayLines } from '../src/views/admin/calendar-page.js';

const dialects = await testDatabases();
jest.setTimeout(180_000);

describe.each(dialects)('the working-day calendar on $dialect', (factory) => {
  let stack: Stack;
  let admin: PortalClient;
  let csrf: string;
  let dossierId: string;
  let dueDate: string;

  const withDb = async <T>(fn: (ds: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) => {
    const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    try {
      return await fn(ds);
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
    dossierId = res.json<{ id: string }>().id;
    // The receipt gives the due date; the dossier page caches it for the lists.
    dueDate = await until('the due date', async () => {
      await applicant.get(`/ho-so/${dossierId}`);
      return withDb(
        async (ds) => (await createPortalStores(ds).dossiers.findById(dossierId))?.dueDate ?? undefined,
      );
    });
    admin = await signIn(stack.portal.url, 'quantri');
    csrf = PortalClient.csrfIn((await admin.get('/quan-tri/lich-lam-viec?nam=2026')).text);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows a year with its lunar dates and where it comes from', async () => {
    const page = await admin.get('/quan-tri/lich-lam-viec?nam=2026');
    expect(page.status).toBe(200);
    expect(page.text).toContain('chưa có bảng được lưu');
    // Mùng 1 Tết 2026 is Tuesday 17/02; Giỗ Tổ (10/3 lunar) falls on Sunday 26/04, off on Monday 27/04.
    const row = (date: string) =>
      page.text.slice(page.text.indexOf(`data-date="${date}"`)).split('</tr>')[0]!;
    expect(row('2026-02-17')).toContain('17/02/2026');
    expect(row('2026-02-17')).toContain('Thứ Ba');
    expect(row('2026-02-17')).toContain('01/01');
    expect(row('2026-04-27')).toContain('11/03');
    expect(page.text).toContain('Các phiên bản đã lưu');
  });

  it('refuses an unreadable line and a day off on a weekend, saving nothing', async () => {
    const unreadable = await admin.postForm('/quan-tri/lich-lam-viec?nam=2027', {
      _csrf: csrf,
      daysOff: '01/01/2027 - Tết Dương lịch\nngày mai - nghỉ',
      workingDays: '',
      notes: '',
      comment: '',
      'thao-tac': 'xem-truoc',
    });
    expect(unreadable.status).toBe(400);
    expect(unreadable.text).toContain(
      'Ngày nghỉ, dòng 2: &quot;ngày mai - nghỉ&quot; không đúng dạng dd/mm/yyyy - Tên ngày.',
    );
    const weekend = await admin.postForm('/quan-tri/lich-lam-viec?nam=2027', {
      _csrf: csrf,
      daysOff: '02/01/2027 - Nghỉ thứ Bảy',
      workingDays: '',
      notes: '',
      comment: '',
      'thao-tac': 'luu',
      'xac-nhan': '1',
    });
    expect(weekend.status).toBe(400);
    expect(weekend.text).toContain('Ngày nghỉ 2027-01-02 rơi vào cuối tuần: hãy ghi ngày nghỉ bù.');
    expect(await withDb((ds) => createHolidayStore(ds).listVersions(2027))).toEqual([]);
  });

  it('previews how an added day off moves the open dossier, saves only when confirmed', async () => {
    // A working weekday strictly between today and the dossier's due date becomes a day off.
    const today = vietnamDate(new Date());
    const current = createWorkingCalendar(await withDb((ds) => createHolidayStore(ds).loadSavedTable()));
    let extra = addDays(today, 1);
    while (!current.isWorkingDay(extra) || isWeekend(extra)) extra = addDays(extra, 1);
    expect(extra < dueDate).toBe(true);
    const year = Number(extra.slice(0, 4));
    const base = buildStatutoryYear(year);
    const fields = {
      _csrf: csrf,
      daysOff: `${dayLines(base.daysOff)}\n${extra.split('-').reverse().join('/')} - Nghỉ hoán đổi (thử nghiệm)`,
      workingDays: dayLines(base.workingWeekendDays),
      notes: 'Thông báo thử nghiệm',
      comment: 'Thêm một ngày nghỉ hoán đổi',
    };
    const expected = current.addWorkingDays(dueDate, 1);
    const preview = await admin.postForm(`/quan-tri/lich-lam-viec?nam=${year}`, {
      ...fields,
      'thao-tac': 'xem-truoc',
    });
    expect(preview.status).toBe(200);
    const row = preview.text.slice(preview.text.indexOf(`data-dossier-id="${dossierId}"`)).split('</tr>')[0]!;
    expect(row).toContain(dueDate.split('-').reverse().join('/'));
    expect(row).toContain(expected.split('-').reverse().join('/'));
    expect(preview.text).toContain('name="xac-nhan" value="1"');

    // "Save" without the preview's confirmation only previews again.
    const unconfirmed = await admin.postForm(`/quan-tri/lich-lam-viec?nam=${year}`, {
      ...fields,
      'thao-tac': 'luu',
    });
    expect(unconfirmed.status).toBe(200);
    expect(await withDb((ds) => createHolidayStore(ds).listVersions(year))).toEqual([]);

    const saved = await admin.postForm(`/quan-tri/lich-lam-viec?nam=${year}`, {
      ...fields,
      'thao-tac': 'luu',
      'xac-nhan': '1',
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get('location')).toBe(`/quan-tri/lich-lam-viec?nam=${year}&xong=da-luu`);
    const versions = await withDb((ds) => createHolidayStore(ds).listVersions(year));
    expect(versions).toEqual([
      expect.objectContaining({ version: 1, savedBy: 'quantri', comment: 'Thêm một ngày nghỉ hoán đổi' }),
    ]);
    const page = await admin.get(saved.headers.get('location')!);
    expect(page.text).toContain(`Đã lưu phiên bản 1 của bảng ngày nghỉ năm ${year}.`);
    expect(page.text).toContain(`data-date="${extra}"`);
    const audit = await withDb((ds) => createPortalStores(ds).audit.list({ action: 'calendar.saved' }));
    expect(audit).toEqual([
      expect.objectContaining({
        target: `calendar:${year}`,
        detail: expect.objectContaining({ version: 1 }),
      }),
    ]);
    // The public due-date API counts on the saved table: the extra day is skipped.
    const api = await fetch(
      `${stack.portal.url}/api/calendar/due-date?from=${addDays(extra, -1)}&workingDays=1`,
    );
    const { dueDate: next } = (await api.json()) as { dueDate: string };
    expect(next > extra).toBe(true);
  });
});
