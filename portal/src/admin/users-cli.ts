/**
 * `npm run users -- grant-role <username> <role>`: an administrator's command line, on the same
 * service as the accounts page (/quan-tri/nguoi-dung). Changes the role of an existing account
 * (e.g. grants `designer` to an officer) in the database of DB_URL / DATA_DIR and writes an audit
 * entry `user.role-granted`.
 */
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@motcua/db';
import { createPortalStores, PORTAL_ROLES, type PortalRole } from '@motcua/db/portal';
import { loadPortalConfig } from '../config.js';
import { UserAdminService } from './user-admin.service.js';

export interface GrantRoleResult {
  ok: boolean;
  message: string;
}

/** The command's logic, for the CLI and its test. */
export async function runUsersCommand(
  args: string[],
  options: { dbUrl: string; actor: string },
): Promise<GrantRoleResult> {
  const [command, username, role] = args;
  if (command !== 'grant-role' || !username || !role)
    return { ok: false, message: 'Cách dùng: npm run users -- grant-role <tên đăng nhập> <vai trò>' };
  if (!PORTAL_ROLES.includes(role as PortalRole))
    return { ok: false, message: `Vai trò không hợp lệ: ${role} (một trong: ${PORTAL_ROLES.join(', ')})` };
  const ds = await openDatabase({ url: options.dbUrl });
  try {
    const granted = await new UserAdminService(createPortalStores(ds)).grantRole(
      username,
      role as PortalRole,
      {
        actor: options.actor,
      },
    );
    if (granted === null) return { ok: false, message: `Không có tài khoản "${username}".` };
    return { ok: true, message: `Tài khoản "${username}": vai trò ${granted.from} → ${role}.` };
  } finally {
    await ds.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = loadPortalConfig();
  const result = await runUsersCommand(process.argv.slice(2), {
    dbUrl: config.dbUrl,
    actor: `cli:${userInfo().username}`,
  });
  process.stdout.write(result.message + '\n');
  process.exit(result.ok ? 0 : 1);
}
