import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { createHolidayStore, type HolidayStore } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { buildStatutoryYear, createWorkingCalendar, UserInputError, type HolidayYear } from '@motcua/domain';

const dialects = await testDatabases();

describe.each(dialects)('holiday table store on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: HolidayStore;

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    store = createHolidayStore(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  // 2027: the government makes Friday 12/02 (after Tết, off 05–11/02) a bridge day, worked back on Saturday 20/02.
  const edited2027 = (): HolidayYear => {
    const y = buildStatutoryYear(2027);
    return {
      ...y,
      daysOff: [...y.daysOff, { date: '2027-02-12', nameVi: 'Nghỉ hoán đổi sau Tết' }],
      workingWeekendDays: [{ date: '2027-02-20', nameVi: 'Làm bù cho thứ Sáu 12/02' }],
      notes: [...y.notes, 'Theo thông báo của Bộ Nội vụ (ví dụ kiểm thử).'],
    };
  };

  it('falls back to the computed default for a year nobody saved', async () => {
    const loaded = await store.loadYear(2027);
    expect(loaded).toEqual({ year: buildStatutoryYear(2027), source: 'default', version: null });
    expect(await store.listVersions(2027)).toEqual([]);
    expect(await store.loadSavedTable()).toEqual({});
  });

  it('saves an edited year as version 1, then 2, with who and when, and keeps the old one', async () => {
    const at1 = new Date('2026-11-20T02:00:00.123Z');
    const v1 = await store.saveYear(edited2027(), {
      savedBy: 'admin',
      comment: 'Thông báo hoán đổi 2027',
      at: at1,
    });
    expect(v1).toEqual({
      year: 2027,
      version: 1,
      savedBy: 'admin',
      savedAt: at1,
      comment: 'Thông báo hoán đổi 2027',
    });

    const second = edited2027();
    second.daysOff = second.daysOff.filter((d) => d.date !== '2027-02-12');
    second.workingWeekendDays = [];
    const v2 = await store.saveYear(second, { savedBy: 'lanhdao', at: new Date('2026-11-21T02:00:00Z') });
    expect(v2.version).toBe(2);

    const versions = await store.listVersions(2027);
    expect(versions.map((v) => [v.version, v.savedBy, v.comment])).toEqual([
      [2, 'lanhdao', null],
      [1, 'admin', 'Thông báo hoán đổi 2027'],
    ]);
    expect(versions[1]!.savedAt.toISOString()).toBe('2026-11-20T02:00:00.123Z');

    const current = await store.loadYear(2027);
    expect(current.source).toBe('database');
    expect(current.version).toBe(2);
    expect(current.year).toEqual(second);
    expect(await store.loadVersion(2027, 1)).toEqual(edited2027());
    expect(await store.loadVersion(2027, 3)).toBeUndefined();
  });

  it('gives the working calendar the saved table, the default for other years', async () => {
    await store.saveYear(edited2027(), { savedBy: 'admin' });
    const table = await store.loadSavedTable();
    expect(Object.keys(table)).toEqual(['2027']);
    const cal = createWorkingCalendar(table);
    expect(cal.isWorkingDay('2027-02-12')).toBe(false);
    expect(cal.isWorkingDay('2027-02-20')).toBe(true);
    expect(createWorkingCalendar().isWorkingDay('2027-02-12')).toBe(true);
    // 2026 is not saved: Tết 2026 from the computed default.
    expect(cal.isWorkingDay('2026-02-17')).toBe(false);
  });

  it('numbers concurrent saves of one year without a gap or a duplicate', async () => {
    const saves = await Promise.all(
      [1, 2, 3].map((i) => store.saveYear(buildStatutoryYear(2028), { savedBy: `admin${i}` })),
    );
    expect(saves.map((s) => s.version).sort()).toEqual([1, 2, 3]);
  });

  it('refuses an invalid year with a Vietnamese message and saves nothing', async () => {
    const bad = buildStatutoryYear(2029);
    bad.daysOff.push({ date: '2030-01-02', nameVi: 'Sai năm' });
    await expect(store.saveYear(bad, { savedBy: 'admin' })).rejects.toThrow(UserInputError);
    await expect(store.saveYear(bad, { savedBy: 'admin' })).rejects.toThrow(/không thuộc năm 2029/);
    const weekend = buildStatutoryYear(2029);
    weekend.workingWeekendDays.push({ date: '2029-03-07', nameVi: 'Thứ Tư' });
    await expect(store.saveYear(weekend, { savedBy: 'admin' })).rejects.toThrow(/không phải thứ Bảy/);
    const impossible = buildStatutoryYear(2029);
    impossible.daysOff.push({ date: '2029-02-30', nameVi: 'Không có' });
    await expect(store.saveYear(impossible, { savedBy: 'admin' })).rejects.toThrow(/ngày có thật/);
    await expect(store.saveYear(buildStatutoryYear(2029), { savedBy: '  ' })).rejects.toThrow(/người lưu/);
    expect(await store.listVersions(2029)).toEqual([]);
  });
});
