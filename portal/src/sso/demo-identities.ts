import type { SsoStore, PortalUserStore } from '@motcua/db/portal';

/**
 * The people of the embedded identity provider (development only), standing in for VNeID / the
 * national portal's SSO and the ministry's own IdP. `portalAccount` names the demo portal account
 * linked to the same citizen ID; an identity without one is unknown to the portal:
 * - `congdan3` signs in as a new citizen (the portal creates the applicant account);
 * - `canbomoi` is an officer at the ministry's IdP whom nobody has linked here (refused).
 * Citizen IDs (số định danh cá nhân, 12 digits) are made up.
 */
export interface DemoIdentity {
  username: string;
  name: string;
  citizenId: string;
  portalAccount: string | null;
}

export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  { username: 'congdan', name: 'Nguyễn Văn An', citizenId: '001090000001', portalAccount: 'congdan' },
  { username: 'congdan2', name: 'Trần Thị Bình', citizenId: '001090000002', portalAccount: 'congdan2' },
  { username: 'congdan3', name: 'Võ Thị Hoa', citizenId: '001090000003', portalAccount: null },
  { username: 'canbo', name: 'Lê Minh Cường', citizenId: '001080000010', portalAccount: 'canbo' },
  { username: 'lanhdao', name: 'Phạm Thu Dung', citizenId: '001080000011', portalAccount: 'lanhdao' },
  { username: 'canbomoi', name: 'Đặng Văn Phúc', citizenId: '001080000099', portalAccount: null },
];

/** Links the demo portal accounts to their demo citizen IDs (idempotent). */
export async function linkDemoIdentities(users: PortalUserStore, sso: SsoStore): Promise<void> {
  for (const identity of DEMO_IDENTITIES) {
    if (!identity.portalAccount) continue;
    const user = await users.findByUsername(identity.portalAccount);
    if (user) await sso.linkCitizenId(user.id, identity.citizenId);
  }
}
