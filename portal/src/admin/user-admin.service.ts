import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, UserInputError } from '@motcua/domain';
import {
  PORTAL_ROLES,
  type AccountAdminStore,
  type AuditStore,
  type GroupStore,
  type PortalRole,
  type PortalUser,
  type PortalUserStore,
  type UnitStore,
} from '@motcua/db/portal';
import { hashPassword } from '../auth/passwords.js';

/** Who makes a change, for the audit. */
export interface Actor {
  actor: string;
  ip?: string | null;
}

export interface NewAccount {
  username: string;
  displayName: string;
  role: string;
  unitCode: string | null;
  groups: string[];
  password: string;
}

export interface AccountEdit {
  displayName: string;
  role: string;
  unitCode: string | null;
  groups: string[];
}

/** A bad field: shown beside it on the form. */
export class AccountFormError extends UserInputError {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join(' '), errors);
  }
}

export const PAGE_SIZE = 25;
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,99}$/;
const MIN_PASSWORD = 12;

/**
 * Accounts for the administration and for `npm run users` (users-cli.ts): list, create, change
 * role, unit and groups, disable and enable. Every change is audited; an administrator cannot take
 * the admin role from, or disable, their own account (nobody would be left to undo it).
 */
export class UserAdminService {
  constructor(
    private readonly d: {
      users: PortalUserStore;
      accounts: AccountAdminStore;
      units: UnitStore;
      groups: GroupStore;
      audit: AuditStore;
    },
  ) {}

  list(q: { text?: string; role?: PortalRole; unitCode?: string; groupId?: string; page: number }) {
    return this.d.accounts.list({ ...q, offset: (q.page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  }

  async get(id: string): Promise<PortalUser> {
    const u = await this.d.accounts.find(id);
    if (!u) throw new NotFoundError('Không có tài khoản này.');
    return u;
  }

  async create(input: NewAccount, by: Actor): Promise<PortalUser> {
    const errors: Record<string, string> = {};
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username))
      errors.username =
        'Tên đăng nhập gồm 3–100 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới.';
    if (input.password.length < MIN_PASSWORD || input.password.length > 200)
      errors.password = `Mật khẩu ban đầu phải có từ ${MIN_PASSWORD} đến 200 ký tự.`;
    const fields = await this.checkEdit(input, errors);
    if (Object.keys(errors).length) throw new AccountFormError(errors);
    const user = await this.d.accounts.create({
      id: randomUUID(),
      username,
      passwordHash: await hashPassword(input.password),
      ...fields,
    });
    await this.d.audit.append({
      actor: by.actor,
      action: 'user.created',
      target: user.username,
      detail: { role: user.role, unitCode: user.unitCode, groups: user.groups },
      ip: by.ip ?? null,
    });
    return user;
  }

  /** Changes name, role, unit and groups; audited `user.updated` with each changed field. */
  async update(id: string, input: AccountEdit, by: Actor): Promise<PortalUser> {
    const current = await this.get(id);
    const errors: Record<string, string> = {};
    const fields = await this.checkEdit(input, errors);
    if (id === by.actor && current.role === 'admin' && fields.role !== 'admin')
      errors.role = 'Không thể bỏ vai trò quản trị của chính mình.';
    if (Object.keys(errors).length) throw new AccountFormError(errors);
    const { before, after } = await this.d.accounts.update(id, fields);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of ['displayName', 'role', 'unitCode', 'groups'] as const)
      if (JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        changes[k] = { from: before[k], to: after[k] };
    if (Object.keys(changes).length)
      await this.d.audit.append({
        actor: by.actor,
        action: 'user.updated',
        target: after.username,
        detail: changes,
        ip: by.ip ?? null,
      });
    return after;
  }

  /** Disables (signs out at the next request) or enables an account; audited. */
  async setActive(id: string, active: boolean, by: Actor): Promise<PortalUser> {
    const current = await this.get(id);
    if (!active && id === by.actor) throw new ConflictError('Không thể khóa tài khoản của chính mình.');
    if (current.active === active) return current;
    const { after } = await this.d.accounts.update(id, { active });
    await this.d.audit.append({
      actor: by.actor,
      action: active ? 'user.enabled' : 'user.disabled',
      target: after.username,
      ip: by.ip ?? null,
    });
    return after;
  }

  /**
   * `npm run users -- grant-role`: changes the role of an account by username, audited
   * `user.role-granted` with the old and new role. Null when there is no such account.
   */
  async grantRole(username: string, role: PortalRole, by: Actor): Promise<{ from: PortalRole } | null> {
    if (!PORTAL_ROLES.includes(role)) throw new UserInputError(`Vai trò không hợp lệ: ${role}`);
    const before = await this.d.users.setRole(username, role);
    if (before === null) return null;
    await this.d.audit.append({
      actor: by.actor,
      action: 'user.role-granted',
      target: username.toLowerCase(),
      detail: { from: before, to: role },
      ip: by.ip ?? null,
    });
    return { from: before };
  }

  /** Name, role, unit and groups checked against the registers; errors added per field. */
  private async checkEdit(
    input: AccountEdit,
    errors: Record<string, string>,
  ): Promise<{ displayName: string; role: PortalRole; unitCode: string | null; groups: string[] }> {
    const displayName = input.displayName.trim();
    if (!displayName || displayName.length > 200)
      errors.displayName = 'Họ và tên phải có từ 1 đến 200 ký tự.';
    const role = input.role as PortalRole;
    if (!PORTAL_ROLES.includes(role)) errors.role = 'Hãy chọn một vai trò.';
    if (input.unitCode) {
      const unit = await this.d.units.find(input.unitCode);
      if (!unit || !unit.active) errors.unitCode = 'Đơn vị không tồn tại hoặc đã ngừng hoạt động.';
    }
    const groups = [...new Set(input.groups)].sort();
    if (groups.length) {
      const known = new Map((await this.d.groups.list()).map((g) => [g.id, g]));
      const bad = groups.filter((g) => !known.get(g)?.active);
      if (bad.length) errors.groups = `Nhóm không tồn tại hoặc đã ngừng hoạt động: ${bad.join(', ')}.`;
    }
    if (role === 'applicant' && groups.length)
      errors.groups = 'Tài khoản công dân không thuộc nhóm xử lý nào.';
    return { displayName, role, unitCode: input.unitCode || null, groups };
  }
}
