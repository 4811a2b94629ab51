import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { openDatabase, type DataSource } from '@motcua/db';
import { createPortalStores, MINISTRY_UNITS, type PortalStores } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { ConflictError, NotFoundError, UserInputError } from '@motcua/domain';

const dialects = await testDatabases();

describe.each(dialects)('units and a user unit on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let stores: PortalStores;

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    stores = createPortalStores(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('the migration seeds the ministry units under the ministry', async () => {
    const units = await stores.units.list();
    expect(units).toHaveLength(MINISTRY_UNITS.length);
    expect(units.find((u) => u.code === 'G13')).toEqual({
      code: 'G13',
      nameVi: 'Bộ Khoa học và Công nghệ',
      parentCode: null,
      active: true,
    });
    expect(units.filter((u) => u.parentCode === 'G13')).toHaveLength(MINISTRY_UNITS.length - 1);
    expect(await stores.units.find('G13.SHTT')).toMatchObject({ nameVi: 'Cục Sở hữu trí tuệ' });
  });

  it('creates, moves and retires units; the subtree follows the tree', async () => {
    await stores.units.create({ code: 'G13.SHTT.P1', nameVi: 'Phòng Sáng chế 1', parentCode: 'G13.SHTT' });
    await stores.units.create({ code: 'G13.SHTT.P1.T', nameVi: 'Tổ thẩm định', parentCode: 'G13.SHTT.P1' });
    expect(await stores.units.subtreeCodes('G13.SHTT')).toEqual(['G13.SHTT', 'G13.SHTT.P1', 'G13.SHTT.P1.T']);
    expect(await stores.units.subtreeCodes('khong-co')).toEqual([]);
    const { before, after } = await stores.units.update('G13.SHTT.P1', {
      nameVi: ' Phòng Sáng chế ',
      active: false,
    });
    expect(before.nameVi).toBe('Phòng Sáng chế 1');
    expect(after).toEqual({
      code: 'G13.SHTT.P1',
      nameVi: 'Phòng Sáng chế',
      parentCode: 'G13.SHTT',
      active: false,
    });
    expect(await stores.units.find('G13.SHTT.P1')).toEqual(after);
    // A retired unit's subtree still counts in its parent's.
    expect(await stores.units.subtreeCodes('G13')).toContain('G13.SHTT.P1.T');
  });

  it('refuses bad codes, duplicates, unknown parents and cycles, changing nothing', async () => {
    await expect(stores.units.create({ code: 'Cục mới', nameVi: 'X', parentCode: null })).rejects.toThrow(
      UserInputError,
    );
    await expect(stores.units.create({ code: 'G13.VT', nameVi: 'X', parentCode: null })).rejects.toThrow(
      ConflictError,
    );
    await expect(stores.units.create({ code: 'G13.X', nameVi: 'X', parentCode: 'khong-co' })).rejects.toThrow(
      UserInputError,
    );
    await expect(stores.units.create({ code: 'G13.Y', nameVi: '  ', parentCode: null })).rejects.toThrow(
      UserInputError,
    );
    await expect(stores.units.update('G13.SHTT', { parentCode: 'G13.SHTT.P1.T' })).rejects.toThrow(
      UserInputError,
    );
    await expect(stores.units.update('G13.SHTT', { parentCode: 'G13.SHTT' })).rejects.toThrow(UserInputError);
    await expect(stores.units.update('khong-co', { active: false })).rejects.toThrow(NotFoundError);
    expect(await stores.units.find('G13.SHTT')).toMatchObject({ parentCode: 'G13' });
    expect(await stores.units.find('G13.X')).toBeNull();
  });

  it('a user keeps their unit when upserted without one; counts per role and unit', async () => {
    const base = { passwordHash: 'x', groups: ['lanh-dao'] };
    await stores.users.upsert({
      id: randomUUID(),
      username: 'ld1',
      displayName: 'A',
      role: 'leader',
      unitCode: 'G13.VT',
      ...base,
    });
    await stores.users.upsert({
      id: randomUUID(),
      username: 'ld1',
      displayName: 'A B',
      role: 'leader',
      ...base,
    });
    await stores.users.upsert({
      id: randomUUID(),
      username: 'cb1',
      displayName: 'C',
      role: 'officer',
      unitCode: 'G13.VT',
      ...base,
    });
    await stores.users.upsert({
      id: randomUUID(),
      username: 'cd1',
      displayName: 'D',
      role: 'applicant',
      groups: [],
      passwordHash: 'x',
    });
    expect(await stores.users.findByUsername('ld1')).toMatchObject({
      displayName: 'A B',
      unitCode: 'G13.VT',
    });
    expect(await stores.users.findByUsername('cd1')).toMatchObject({ unitCode: null });
    expect(await stores.users.activeCounts()).toEqual({
      byRole: { leader: 1, officer: 1, applicant: 1 },
      byUnit: { 'G13.VT': 2 },
    });
  });
});
