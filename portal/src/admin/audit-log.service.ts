import type {
  AuditEntry,
  AuditQuery,
  AuditSearch,
  AuditStore,
  DossierStore,
  PortalUserStore,
  AccountAdminStore,
} from '@motcua/db/portal';
import { vietnamInstant } from '@motcua/domain';
import { toCsv, toXlsx, type ExportTable } from '../reports/report-export.js';
import { formatDateTimeVi } from '../views/format.js';
import type { Actor } from './user-admin.service.js';

/** What the form asks for (all optional), as typed. */
export interface AuditFilter {
  /** A username, part of a name, or a raw actor (`cli:…`). */
  person?: string;
  /** A dossier code or id. */
  dossier?: string;
  action?: string;
  /** `YYYY-MM-DD` (the form's dd/mm/yyyy is parsed by the route). */
  from?: string;
  to?: string;
}

export interface AuditRow extends AuditEntry {
  actorVi: string;
  actionVi: string;
  /** The dossier code when the target is a dossier of the portal. */
  dossierCode: string | null;
}

export const AUDIT_PAGE_SIZE = 50;
/** The most rows one export holds (a narrower search exports the rest). */
export const AUDIT_EXPORT_MAX = 50_000;

/** Vietnamese names of the actions the platform records (unknown ones show their code). */
export const ACTION_VI: Record<string, string> = {
  'access.denied': 'Từ chối truy cập',
  'csrf.rejected': 'Từ chối yêu cầu không hợp lệ (CSRF)',
  'login.success': 'Đăng nhập',
  'login.failure': 'Đăng nhập sai',
  'login.throttled': 'Tạm khóa đăng nhập',
  logout: 'Đăng xuất',
  'dossier.submit': 'Nộp hồ sơ',
  'dossier.desk-received': 'Tiếp nhận hồ sơ tại quầy',
  'dossier.supplement': 'Bổ sung hồ sơ',
  'dossier.withdraw': 'Rút hồ sơ',
  'dossier.rated': 'Đánh giá mức độ hài lòng',
  'dossier.payment-recorded': 'Ghi nhận lệ phí',
  'task.claim': 'Nhận xử lý',
  'task.unclaim': 'Trả việc về nhóm',
  'task.complete': 'Hoàn thành bước xử lý',
  'incident.retried': 'Thử lại sự cố',
  'notification.resent': 'Gửi lại thông báo',
  'user.created': 'Tạo tài khoản',
  'user.updated': 'Sửa tài khoản',
  'user.role-granted': 'Đổi vai trò',
  'user.disabled': 'Khóa tài khoản',
  'user.enabled': 'Mở khóa tài khoản',
  'group.created': 'Thêm nhóm',
  'group.updated': 'Sửa nhóm',
  'unit.created': 'Thêm đơn vị',
  'unit.updated': 'Sửa đơn vị',
  'calendar.saved': 'Lưu lịch làm việc',
  'audit.exported': 'Xuất nhật ký',
  'studio.deploy': 'Triển khai quy trình',
};

/** A day `YYYY-MM-DD` as the instant it starts in Vietnam (UTC+7). */
function vnDayStart(day: string): Date {
  return vietnamInstant(day);
}

/**
 * The audit log for the administration: search by person, dossier, action and dates, paged, and
 * exports to CSV and Excel with Vietnamese headers (each export audited).
 */
export class AuditLogService {
  constructor(
    private readonly d: {
      auditSearch: AuditQuery;
      audit: AuditStore;
      users: PortalUserStore;
      accounts: AccountAdminStore;
      dossiers: DossierStore;
    },
  ) {}

  actions(): Promise<string[]> {
    return this.d.auditSearch.actions();
  }

  async search(f: AuditFilter, page: number): Promise<{ rows: AuditRow[]; total: number }> {
    const s = await this.toSearch(f);
    const { rows, total } = await this.d.auditSearch.search(s, {
      offset: (page - 1) * AUDIT_PAGE_SIZE,
      limit: AUDIT_PAGE_SIZE,
    });
    return { rows: await this.describe(rows), total };
  }

  async export(
    f: AuditFilter,
    format: 'csv' | 'xlsx',
    by: Actor,
  ): Promise<{ body: string | Buffer; rows: number }> {
    const s = await this.toSearch(f);
    const entries: AuditEntry[] = [];
    for await (const e of this.d.auditSearch.each(s, { batch: 1000, max: AUDIT_EXPORT_MAX })) entries.push(e);
    const rows = await this.describe(entries);
    const table: ExportTable = {
      nameVi: 'Nhật ký',
      headers: [
        'Thời điểm',
        'Người thực hiện',
        'Hành động',
        'Mã hành động',
        'Đối tượng',
        'Mã hồ sơ',
        'Chi tiết',
        'Địa chỉ IP',
      ],
      rows: rows.map((r) => [
        formatDateTimeVi(r.at),
        r.actorVi,
        r.actionVi,
        r.action,
        r.target,
        r.dossierCode,
        r.detail ? JSON.stringify(r.detail) : null,
        r.ip,
      ]),
    };
    await this.d.audit.append({
      actor: by.actor,
      action: 'audit.exported',
      detail: { format, rows: rows.length, filter: { ...f } },
      ip: by.ip ?? null,
    });
    const body = format === 'csv' ? toCsv([table]) : await toXlsx([table], 'Nhật ký hệ thống');
    return { body, rows: rows.length };
  }

  private async toSearch(f: AuditFilter): Promise<AuditSearch> {
    const s: AuditSearch = {};
    if (f.person) {
      const { rows } = await this.d.accounts.list({ text: f.person, offset: 0, limit: 500 });
      // A raw actor (the CLI's `cli:name`, an anonymous `?username`) is matched as typed too.
      s.actors = [...rows.map((u) => u.id), f.person];
    }
    if (f.dossier) {
      const d = (await this.d.dossiers.findByCode(f.dossier.toUpperCase())) ?? (await this.byId(f.dossier));
      // Entries name a dossier as `dossier:<id>` or by its bare id (the submission, the desk).
      s.targets = d ? [`dossier:${d.id}`, d.id] : [];
    }
    if (f.action) s.action = f.action;
    if (f.from) s.from = vnDayStart(f.from);
    if (f.to) s.to = new Date(vnDayStart(f.to).getTime() + 24 * 3600_000);
    return s;
  }

  private async byId(id: string) {
    return /^[0-9a-f-]{36}$/i.test(id) ? this.d.dossiers.findById(id.toLowerCase()) : null;
  }

  /** Who (name and username) and which dossier, for people to read. */
  private async describe(entries: AuditEntry[]): Promise<AuditRow[]> {
    const actorIds = [...new Set(entries.map((e) => e.actor))];
    const names = await this.d.users.displayNames(actorIds);
    const dossierIds = [
      ...new Set(
        entries
          .map((e) => /^(?:dossier:)?([0-9a-f-]{36})$/.exec(e.target ?? '')?.[1])
          .filter((x): x is string => !!x),
      ),
    ];
    const codes = new Map<string, string | null>();
    for (const id of dossierIds) codes.set(id, (await this.d.dossiers.findById(id))?.dossierCode ?? null);
    return entries.map((e) => {
      const dossierId = /^(?:dossier:)?([0-9a-f-]{36})$/.exec(e.target ?? '')?.[1];
      return {
        ...e,
        actorVi: names.get(e.actor) ?? e.actor,
        actionVi: ACTION_VI[e.action] ?? e.action,
        dossierCode: dossierId ? (codes.get(dossierId) ?? null) : null,
      };
    });
  }
}
