/**
 * `npm run users:citizen-id -- <username> <citizen id>`: links an existing account to the citizen
 * ID (số định danh) its identity provider sends, so an officer can sign in through the ministry's
 * IdP (single sign-on never creates nor links staff accounts by itself). Audited as
 * `user.citizen-id-linked`, actor `cli:<os user>`. Until the administration pages do it.
 */
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@motcua/db';
import { CitizenIdTakenError, createPortalStores, SsoStore } from '@motcua/db/portal';
import { loadPortalConfig } from '../config.js';
import { CITIZEN_ID } from './sso-accounts.service.js';

export interface CitizenIdCommandResult {
  ok: boolean;
  message: string;
}

/** The command's logic, for the CLI and its test. */
export async function runCitizenIdCommand(
  args: string[],
  options: { dbUrl: string; actor: string },
): Promise<CitizenIdCommandResult> {
  const [username, citizenId] = args;
  if (!username || !citizenId || args.length !== 2)
    return { ok: false, message: 'Cách dùng: npm run users:citizen-id -- <tên đăng nhập> <số định danh>' };
  if (!CITIZEN_ID.test(citizenId))
    return { ok: false, message: `Số định danh không hợp lệ: ${citizenId} (12 chữ số, hoặc 9 với CMND cũ)` };
  const ds = await openDatabase({ url: options.dbUrl });
  try {
    const stores = createPortalStores(ds);
    const user = await stores.users.findByUsername(username);
    if (!user) return { ok: false, message: `Không có tài khoản "${username}".` };
    const sso = new SsoStore(ds);
    const before = await sso.citizenIdOf(user.id);
    try {
      await sso.linkCitizenId(user.id, citizenId);
    } catch (err) {
      if (err instanceof CitizenIdTakenError)
        return { ok: false, message: `Số định danh ${citizenId} đã liên kết với một tài khoản khác.` };
      throw err;
    }
    await stores.audit.append({
      actor: options.actor,
      action: 'user.citizen-id-linked',
      target: user.username,
      detail: { before, after: citizenId },
    });
    return {
      ok: true,
      message: `Tài khoản "${user.username}" (${user.role}) liên kết với số định danh ${citizenId}.`,
    };
  } finally {
    await ds.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = loadPortalConfig();
  const result = await runCitizenIdCommand(process.argv.slice(2), {
    dbUrl: config.dbUrl,
    actor: `cli:${userInfo().username}`,
  });
  process.stdout.write(result.message + '\n');
  process.exit(result.ok ? 0 : 1);
}
