import { pino } from 'pino';
import { jsonLogOptions, type Logger } from '@motcua/domain';
import { loadPortalConfig } from './config.js';
import { DEMO_ACCOUNTS } from './auth/demo-accounts.js';
import { DEMO_IDENTITIES } from './sso/demo-identities.js';
import { startPortal } from './start-portal.js';
import { loadPaymentConfig } from './payment/payment-config.js';
import { startDevEmulators } from './dev/start-dev-emulators.js';

/** `node portal/dist/main.js`: the portal alone, configured from the environment. */
const config = loadPortalConfig();
const logger = pino(jsonLogOptions('motcua-portal', config.logLevel)) as unknown as Logger;

const payment = loadPaymentConfig(process.env, { emulators: config.emulators });
// Development only (config refuses them with NODE_ENV=production): the SMTP and SMS emulators the
// workers send to under `npm start`, listed at /gia-lap/hop-thu/ and /gia-lap/sms/.
const { messageEmulators, logLevel: _logLevel, production, ...portalConfig } = config;
const devEmulators = messageEmulators ? await startDevEmulators(messageEmulators) : undefined;
const portal = await startPortal({
  ...portalConfig,
  logger,
  payment,
  ...(devEmulators ? { devEmulators } : {}),
});
// In production stdout carries the JSON logs only (the portal logs 'portal listening' itself).
if (production) {
  if (portal.demoPassword)
    logger.warn(
      { accounts: DEMO_ACCOUNTS.map((a) => a.username) },
      'demo accounts are seeded (MOTCUA_DEMO=true): their password is MOTCUA_DEMO_PASSWORD or in DATA_DIR/demo-password.txt',
    );
} else {
  if (payment.mode === 'emulator')
    process.stdout.write(
      `Thanh toán trực tuyến: cổng VNPAY giả lập tại ${config.publicUrl}/gia-lap/vnpay (chỉ khi phát triển)\n`,
    );
  process.stdout.write(`\nmotcua portal: ${portal.url}  (engine: ${config.engineUrl})\n`);
  if (portal.demoPassword) {
    process.stdout.write('Demo accounts / Tài khoản thử nghiệm:\n');
    for (const a of DEMO_ACCOUNTS)
      process.stdout.write(
        `  ${a.username.padEnd(10)} ${a.role.padEnd(10)} password: ${portal.demoPassword}\n`,
      );
    if (config.sso.embeddedIdp)
      process.stdout.write(
        `Embedded identity provider / nhà cung cấp định danh thử nghiệm: ${config.publicUrl}/oidc — ${DEMO_IDENTITIES.map((i) => i.username).join(', ')} (same password)\n`,
      );
  }
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'portal stopping');
  await portal.close();
  await Promise.all([devEmulators?.smtp?.close(), devEmulators?.sms?.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
