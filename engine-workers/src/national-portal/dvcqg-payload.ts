import type { DvcqgDossierSnapshot, DvcqgOutboxRow } from '@motcua/db/workers';
import type { CatalogueEntry } from '@motcua/processes';
import { formatVietnamStamp } from '@motcua/domain';

/**
 * The national portal's message bodies built from our records. Field names are those of the
 * DongBoHoSoMC / QuaTrinhXuLy DTOs seen in public integration code (no official specification is
 * published); dates are `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh. `MaSuKien` is ours: the key of
 * the history event, so a message sent twice (a lost answer, a worker killed before it recorded
 * the answer) is recognisable as the same event.
 */

/** `yyyyMMddHHmmss`, Vietnam time (UTC+7, no daylight saving). */
export function dvcqgDateTime(d: Date): string {
  return formatVietnamStamp(d);
}

/** A `YYYY-MM-DD` due date as the end of that working day (17:00). */
function dueDateTime(day: string | null): string {
  return day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day.replace(/-/g, '')}170000` : '';
}

function text(data: Record<string, unknown>, keys: string[]): string {
  for (const k of keys) {
    const v = data[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return '';
}

const END_STATUSES = new Set([3, 7, 8, 9, 10]);

export interface DvcqgPayloadContext {
  snapshot: DvcqgDossierSnapshot & { dossierCode: string };
  row: DvcqgOutboxRow;
  /** The status the dossier is in at this event (the row's, else the last one before it). */
  statusCode: number;
  procedure: CatalogueEntry | undefined;
  /** The unit code at the national portal (MaDonVi). */
  unitCode: string;
  /** The national portal's own code, for a dossier that came from its inbound queue. */
  nationalCode: string | null;
  actorName: string;
}

function fees(ctx: DvcqgPayloadContext): Array<Record<string, unknown>> {
  const f = ctx.procedure?.metadata.fees;
  const code = ctx.snapshot.procedureCode;
  if (!f) return [];
  if (f.kind === 'fixed')
    return [
      {
        TenPhiLePhi: f.nameVi ?? 'Phí, lệ phí',
        MaPhiLePhi: `${code}-1`,
        HinhThucThu: 1,
        Gia: f.amountVnd,
        LoaiPhiLePhi: 1,
      },
    ];
  if (f.kind === 'tiered')
    return f.tiers.map((t, i) => ({
      TenPhiLePhi: t.nameVi ?? `Mức ${i + 1}`,
      MaPhiLePhi: `${code}-${i + 1}`,
      HinhThucThu: 1,
      Gia: t.amountVnd,
      LoaiPhiLePhi: 1,
    }));
  return [];
}

/** Supplement rounds: a request opens one, the applicant's answer closes it. */
function supplementRounds(s: DvcqgDossierSnapshot): Array<Record<string, unknown>> {
  const rounds: Array<Record<string, unknown>> = [];
  for (const h of s.supplements) {
    if (h.kind === 'supplement-requested')
      rounds.push({
        NguoiYeuCauBoSung: h.actor,
        NoiDungBoSung: h.textVi,
        NgayBoSung: dvcqgDateTime(h.at),
        NgayTiepNhanBoSung: '',
        TrangThaiBoSung: 1,
      });
    else {
      const open = [...rounds].reverse().find((r) => r.TrangThaiBoSung === 1);
      if (open) {
        open.NgayTiepNhanBoSung = dvcqgDateTime(h.at);
        open.TrangThaiBoSung = 2;
      }
    }
  }
  return rounds;
}

/** One DongBoHoSoMC item: the dossier as it is now, in the status of this event. */
export function dossierItem(ctx: DvcqgPayloadContext): Record<string, unknown> {
  const { snapshot: s, row } = ctx;
  const data = s.submittedData;
  const idNumber = text(data, ['idNumber', 'citizenId', 'personalId', 'soDinhDanh', 'taxCode']);
  const ended = END_STATUSES.has(ctx.statusCode) ? (s.endedAt ?? row.eventAt) : null;
  return {
    MaSuKien: row.eventKey,
    MaHoSo: s.dossierCode,
    ...(ctx.nationalCode ? { MaHoSoQG: ctx.nationalCode } : {}),
    MaTTHC: s.procedureCode,
    TenTTHC: ctx.procedure?.nameVi ?? '',
    MaDonVi: ctx.unitCode,
    DonViXuLy: ctx.procedure?.agencyVi ?? '',
    KenhThucHien: s.channel,
    ChuHoSo: s.applicantName ?? '',
    SoGiayToChuHoSo: idNumber,
    LoaiDoiTuong: text(data, ['organizationName']) ? 2 : 1,
    DinhDanhCHS: idNumber ? [{ LoaiDinhDanh: 1, SoDinhDanh: idNumber }] : [],
    Email: text(data, ['email']),
    SoDienThoai: text(data, ['phone', 'phoneNumber', 'soDienThoai']),
    TrichYeuHoSo: `${ctx.procedure?.nameVi ?? s.procedureCode} — ${s.applicantName ?? ''}`.slice(0, 500),
    NgayNopHoSo: dvcqgDateTime(s.submittedAt),
    NgayTiepNhan: s.receivedAt ? dvcqgDateTime(s.receivedAt) : '',
    NgayHenTra: dueDateTime(s.dueDate),
    NgayKetThucXuLy: ended ? dvcqgDateTime(ended) : '',
    TrangThaiHoSo: ctx.statusCode,
    HoSoCoThanhPhanSoHoa: s.documents.length ? 1 : 0,
    // The applicant's account linked to a citizen ID through the national SSO / VNeID sign-in.
    TaiKhoanDuocXacThucVoiVNeID: s.applicantIdentityLinked ? 1 : 0,
    DuocThanhToanTrucTuyen: s.paidOnline ? 1 : 0,
    TaiLieuNop: s.documents.map((d) => ({
      TenTepDinhKem: d.name,
      MaThanhPhanHoSo: `${s.procedureCode}.${d.slot + 1}`,
      DuongDanTaiTepTin: '',
      DuocSoHoa: d.source === 'desk' ? 1 : 0,
      DuocTaiSuDung: 0,
      DuocLayTuKhoDMQG: 0,
    })),
    DanhSachLePhi: fees(ctx),
    DanhSachHoSoBoSung: supplementRounds(s),
    DanhSachGiayToKetQua: s.issued
      .filter((d) => d.kind === 'signed-result')
      .map((d) => ({ TenGiayTo: d.title, MaGiayToKetQua: d.eventKey, DuongDanTepTinKetQua: '' })),
  };
}

/** One QuaTrinhXuLy entry: who did what, when. */
export function progressEntry(ctx: DvcqgPayloadContext): Record<string, unknown> {
  const { snapshot: s, row } = ctx;
  return {
    MaSuKien: row.eventKey,
    MaHoSo: s.dossierCode,
    NguoiXuLy: ctx.actorName,
    ChucDanh: '',
    ThoiDiemXuLy: dvcqgDateTime(row.eventAt),
    PhongBanXuLy: ctx.procedure?.agencyVi ?? '',
    NoiDungXuLy: row.textVi,
    TrangThai: ctx.statusCode,
    NgayBatDau: dvcqgDateTime(row.eventAt),
    NgayKetThucTheoQuyDinh: dueDateTime(s.dueDate),
  };
}
