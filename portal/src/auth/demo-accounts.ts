import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { PortalRole, PortalUserStore } from '@motcua/db/portal';
import { hashPassword } from './passwords.js';

/** The demo accounts of docs/skeleton-contract.md. */
export const DEMO_ACCOUNTS: ReadonlyArray<{
  username: string;
  displayName: string;
  role: PortalRole;
  groups: string[];
  /** The unit a staff account works in (issue 14: a leader sees their unit). */
  unitCode?: string;
}> = [
  { username: 'congdan', displayName: 'Nguyễn Văn An (công dân)', role: 'applicant', groups: [] },
  { username: 'congdan2', displayName: 'Trần Thị Bình (công dân)', role: 'applicant', groups: [] },
  {
    username: 'canbo',
    displayName: 'Lê Minh Cường (cán bộ)',
    role: 'officer',
    groups: ['mot-cua', 'chuyen-vien'],
    unitCode: 'G13.ATBXHN',
  },
  {
    username: 'lanhdao',
    displayName: 'Phạm Thu Dung (lãnh đạo)',
    role: 'leader',
    groups: ['lanh-dao'],
    unitCode: 'G13.ATBXHN',
  },
  { username: 'thietke', displayName: 'Hoàng Văn Giang (thiết kế quy trình)', role: 'designer', groups: [] },
  { username: 'quantri', displayName: 'Vũ Thị Hạnh (quản trị)', role: 'admin', groups: [], unitCode: 'G13' },
];

/**
 * The demo password: MOTCUA_DEMO_PASSWORD when given, else one generated on the first seed of a
 * data dir and kept in `<dataDir>/demo-password.txt` (mode 0600) so every start can print it.
 * The database only ever holds its argon2id hash.
 */
export function demoPassword(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = join(dataDir, 'demo-password.txt');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const generated = randomBytes(12).toString('base64url');
  writeFileSync(file, generated + '\n', { mode: 0o600 });
  return generated;
}

/** Creates (or refreshes) the demo accounts with the given password. */
export async function seedDemoAccounts(users: PortalUserStore, password: string): Promise<string[]> {
  const passwordHash = await hashPassword(password);
  for (const a of DEMO_ACCOUNTS) await users.upsert({ id: randomUUID(), passwordHash, ...a });
  return DEMO_ACCOUNTS.map((a) => a.username);
}
