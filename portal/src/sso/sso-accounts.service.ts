import { randomUUID } from 'node:crypto';
import type { AuditStore, PortalRole, PortalUser, PortalUserStore, SsoStore } from '@motcua/db/portal';
import type { SsoProviderName } from './oidc-relying-party.js';

/** A sign-in the portal refuses although the identity provider accepted it. */
export class SsoAccountRefusedError extends Error {
  constructor(
    readonly reason: string,
    readonly messageVi: string,
  ) {
    super(`SSO account refused: ${reason}`);
    this.name = 'SsoAccountRefusedError';
  }
}

/** Citizen IDs: 12 digits (CCCD / số định danh cá nhân) or 9 (old CMND). */
export const CITIZEN_ID = /^(\d{12}|\d{9})$/;
const STAFF: ReadonlySet<PortalRole> = new Set(['officer', 'leader', 'admin', 'designer']);
/** Accounts created by sign-on have no password: this is no argon2 hash, so none ever matches. */
export const NO_PASSWORD = '!sso-only';

export interface SsoAccountsDeps {
  users: PortalUserStore;
  sso: SsoStore;
  audit: AuditStore;
}

/**
 * Which portal account an identity provider's answer signs in. The link is the citizen ID claim.
 * Citizens' door: an unknown citizen gets a new applicant account; a staff account is never
 * signed in through it. Officers' door: the account must already exist, be staff, and be linked;
 * nothing is created. Roles and groups always come from our database, never from a claim.
 */
export class SsoAccountsService {
  constructor(private readonly d: SsoAccountsDeps) {}

  async accountFor(
    provider: SsoProviderName,
    claims: Record<string, unknown>,
    o: { idClaim: string; ip: string },
  ): Promise<PortalUser> {
    const raw = claims[o.idClaim];
    const citizenId = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
    if (!CITIZEN_ID.test(citizenId)) {
      throw new SsoAccountRefusedError(
        'no-citizen-id',
        'Nhà cung cấp định danh không trả về số định danh cá nhân hợp lệ, nên không thể xác định tài khoản của bạn.',
      );
    }
    const userId = await this.d.sso.userIdByCitizenId(citizenId);
    const existing = userId ? await this.d.users.findById(userId) : null;
    if (existing && !existing.active) {
      throw new SsoAccountRefusedError(
        'inactive',
        'Tài khoản của bạn đã bị khóa. Vui lòng liên hệ bộ phận một cửa.',
      );
    }
    if (provider === 'officer') {
      if (!existing || !STAFF.has(existing.role)) {
        throw new SsoAccountRefusedError(
          existing ? 'not-staff' : 'officer-not-linked',
          'Tài khoản định danh này chưa được liên kết với tài khoản cán bộ nào của cổng dịch vụ công. Vui lòng liên hệ quản trị hệ thống.',
        );
      }
      return strip(existing);
    }
    if (existing) {
      if (existing.role !== 'applicant') {
        throw new SsoAccountRefusedError(
          'staff-via-citizen-door',
          'Đây là tài khoản cán bộ. Cán bộ đăng nhập bằng mục "Cán bộ: đăng nhập bằng tài khoản của Bộ".',
        );
      }
      return strip(existing);
    }
    return this.createApplicant(citizenId, claims, o.ip);
  }

  private async createApplicant(
    citizenId: string,
    claims: Record<string, unknown>,
    ip: string,
  ): Promise<PortalUser> {
    const name =
      typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : 'Công dân';
    const username = `vneid-${citizenId}`;
    await this.d.users.upsert({
      id: randomUUID(),
      username,
      displayName: name,
      passwordHash: NO_PASSWORD,
      role: 'applicant',
      groups: [],
    });
    const created = await this.d.users.findByUsername(username);
    if (!created) throw new Error('applicant account vanished after creation');
    await this.d.sso.linkCitizenId(created.id, citizenId);
    await this.d.audit.append({
      actor: created.id,
      action: 'account.created-by-sso',
      target: username,
      detail: { provider: 'citizen' },
      ip,
    });
    return strip(created);
  }
}

function strip(user: PortalUser & { passwordHash?: string }): PortalUser {
  const { passwordHash: _hash, ...rest } = user;
  return rest;
}
