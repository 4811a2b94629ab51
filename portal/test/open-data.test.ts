/**
 * Open data (issue 14, fixed interface) over HTTP on the whole platform (SQLite), with the known
 * history of test/reports/known-history.ts: the catalogue and the monthly statistics as JSON
 * (valid against their published JSON Schemas, checked with ajv) and CSV (Vietnamese headers),
 * the hand-computed figures, no personal data, a licence, ETag/304 and Cache-Control, and a
 * readable error for a bad month.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import Ajv2020 from 'ajv/dist/2020.js';
import { openDatabase } from '@motcua/db';
import { createPortalStores } from '@motcua/db/portal';
import { testDatabases } from '@motcua/db/testing';
import { loadPublishedCatalogue } from '@motcua/processes';
import { startStack, type Stack } from './support/stack.js';
import { buildKnownHistory } from './reports/known-history.js';

const [sqlite] = await testDatabases();
jest.setTimeout(240_000);

const OWN = { key: 'most-chung-chi-nhan-vien-buc-xa', code: '1.009846' };
const OTHER = { key: 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te', code: 'OTHER' };

describe('open data at /du-lieu-mo', () => {
  let stack: Stack;
  let ids: Map<string, string>;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.portal.url}${path}`, { headers });
  const ajv = new Ajv2020({ allErrors: true, strict: false });

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

  async function validated(path: string, schemaPath: string) {
    const schema = (await (await get(schemaPath)).json()) as object;
    const res = await get(path);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    const validate = ajv.compile(schema);
    expect({ valid: validate(body), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    return { res, body };
  }

  it('publishes the catalogue as JSON valid against its schema, and as CSV', async () => {
    const { body } = await validated('/du-lieu-mo/thu-tuc.json', '/du-lieu-mo/thu-tuc.schema.json');
    const rows = body.thuTuc as { id: string; nopTrucTuyenTaiCong: boolean; tenThuTuc: string }[];
    expect(body.soThuTuc).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(12);
    // Filed online here: the procedures the platform publishes (the catalogue's coverage report).
    expect(rows.filter((r) => r.nopTrucTuyenTaiCong)).toHaveLength(loadPublishedCatalogue().length);
    expect((body.giayPhep as { name: string }).name).toBe('CC BY 4.0');
    const csv = await (await get('/du-lieu-mo/thu-tuc.csv')).text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Mã trong danh mục,Mã thủ tục,Tên thủ tục,Lĩnh vực,Mã đơn vị,Tên đơn vị,Cấp thực hiện,Mức độ trực tuyến,Kênh thực hiện,Thời hạn (ngày làm việc),"Phí, lệ phí",Nộp trực tuyến tại cổng',
    );
    expect(lines).toHaveLength(rows.length + 1);
  });

  it('publishes a month of figures per procedure and unit, valid, hand-computed, without personal data', async () => {
    const { res, body } = await validated(
      '/du-lieu-mo/thong-ke.json?thang=2026-11',
      '/du-lieu-mo/thong-ke.schema.json',
    );
    expect(body.thang).toBe('2026-11');
    const rows = body.dong as Record<string, unknown>[];
    const own = rows.find((r) => r.maThuTuc === '1.009846')!;
    // proc-a and proc-b of the known history: received D1 D2 D3 D4 D9; completed D1 D2 D3 D7.
    expect(own).toMatchObject({
      maDonVi: 'G13.ATBXHN',
      tiepNhan: 5,
      daGiaiQuyet: 4,
      dungHan: 2,
      quaHan: 2,
      dangGiaiQuyet: 2,
      quaHanChuaGiaiQuyet: 1,
      tuChoiTiepNhan: 1,
      tiepNhanTrucTuyen: 4,
      tyLeDungHan: 0.5,
      thoiGianGiaiQuyetTrungBinh: 6.5,
      tyLeNopTrucTuyen: 0.8,
      tyLeSoHoa: 0.4,
      tyLeHaiLong: 0.5,
    });
    const other = rows.find((r) => r.maThuTuc !== '1.009846' && r.tiepNhan === 2)!;
    expect(other).toMatchObject({ dangGiaiQuyet: 1, daGiaiQuyet: 0, tyLeDungHan: null });
    // No dossier, applicant or officer anywhere in the file.
    const text = JSON.stringify(body);
    for (const id of ids.values()) expect(text).not.toContain(id);
    expect(text).not.toContain('Người nộp');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    const csv = await (await get('/du-lieu-mo/thong-ke.csv?thang=2026-11')).text();
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toContain(
      'Mã thủ tục,Tên thủ tục,Mã đơn vị,Tên đơn vị,Hồ sơ tiếp nhận',
    );
  });

  it('answers 304 to a matching ETag and a readable error to a bad month', async () => {
    const first = await get('/du-lieu-mo/thong-ke.json?thang=2026-10');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('/du-lieu-mo/thong-ke.json?thang=2026-10', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    const changed = await get('/du-lieu-mo/thong-ke.json?thang=2026-11', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    for (const bad of ['2026-13', 'abc', '2999-01']) {
      const res = await get(`/du-lieu-mo/thong-ke.json?thang=${bad}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toContain(
        'Tham số thang phải có dạng YYYY-MM',
      );
    }
  });

  it('describes the files on a public page', async () => {
    const res = await get('/du-lieu-mo');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('Dữ liệu mở');
    expect(text).toContain('/du-lieu-mo/thong-ke.schema.json');
    expect(text).toContain('CC BY 4.0');
  });
});
