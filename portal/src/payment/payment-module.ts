import type { Logger } from '@motcua/domain';
import type { Dossier, PortalStores } from '@motcua/db/portal';
import { VnpayEmulator, VNPAY_EMULATOR_PATH } from '@motcua/emulators';
import type { EngineClient } from '../engine/engine-client.js';
import type { MountedEmulator } from '../emulators/mount-emulators.js';
import type { DossierProgress } from '../dossiers/dossier-status.js';
import type { PaymentConfig } from './payment-config.js';
import { PaymentReconciler } from './payment-reconciler.js';
import { PaymentService } from './payment.service.js';
import { VnpayGateway } from './vnpay/vnpay-gateway.js';

export const VNPAY_IPN_PATH = '/api/thanh-toan/vnpay/ipn';

/** Online payment as the portal runs it: the service, its job, and in development the emulator. */
export interface PaymentModule {
  service: PaymentService;
  reconciler: PaymentReconciler;
  /** Origins the pay form may be redirected to (CSP `form-action`). */
  formActionOrigins: string[];
  /** Development only: the VNPay emulator, to mount at `/gia-lap/vnpay` (mount-emulators.ts). */
  emulator: (MountedEmulator & { gateway: VnpayEmulator }) | null;
  /** Tells the module the portal's address once it listens. */
  listening(url: string): void;
}

export interface PaymentModuleDeps {
  config: Exclude<PaymentConfig, { mode: 'off' }>;
  stores: PortalStores;
  engine: EngineClient;
  progressOf: (dossier: Dossier) => Promise<DossierProgress | null>;
  logger: Logger;
  /** The portal's address as applicants and the gateway reach it (`PORTAL_PUBLIC_URL`); default the listening URL. */
  publicUrl?: string | undefined;
  clock?: () => Date;
}

export function createPaymentModule(d: PaymentModuleDeps): PaymentModule {
  let portalUrl = 'http://127.0.0.1';
  const publicUrl = () => d.publicUrl ?? portalUrl;
  const emulator =
    d.config.mode === 'emulator'
      ? new VnpayEmulator({
          tmnCode: d.config.tmnCode,
          hashSecret: d.config.hashSecret,
          prefix: VNPAY_EMULATOR_PATH,
          merchantName: 'Bộ Khoa học và Công nghệ — một cửa điện tử (thử nghiệm)',
          ...(d.clock ? { clock: d.clock } : {}),
        })
      : null;
  const config = d.config;
  const gateway = new VnpayGateway({
    tmnCode: config.tmnCode,
    hashSecret: config.hashSecret,
    paymentUrl: config.paymentUrl ?? (() => `${publicUrl()}${VNPAY_EMULATOR_PATH}/paymentv2/vpcpay.html`),
    // The emulator answers on the portal itself: asked over loopback.
    queryUrl: config.queryUrl ?? (() => `${portalUrl}${VNPAY_EMULATOR_PATH}/merchant_webapi/api/transaction`),
    ...(config.queryTimeoutMs ? { queryTimeoutMs: config.queryTimeoutMs } : {}),
    ...(d.clock ? { clock: d.clock } : {}),
  });
  const service = new PaymentService({
    payments: d.stores.payments,
    dossiers: d.stores.dossiers,
    life: d.stores.life,
    audit: d.stores.audit,
    engine: d.engine,
    gateway,
    progressOf: d.progressOf,
    publicUrl,
    logger: d.logger.child({ component: 'payment' }),
    requestMinutes: config.requestMinutes,
    ...(d.clock ? { clock: d.clock } : {}),
  });
  const reconciler = new PaymentReconciler({
    payments: d.stores.payments,
    gateway,
    service,
    logger: d.logger.child({ component: 'payment-reconciler' }),
    intervalMs: config.reconcileSeconds * 1000,
    ...(d.clock ? { clock: d.clock } : {}),
  });
  return {
    service,
    reconciler,
    formActionOrigins: config.paymentUrl ? [new URL(config.paymentUrl).origin] : [],
    emulator: emulator ? { prefix: VNPAY_EMULATOR_PATH, app: emulator.app(), gateway: emulator } : null,
    listening(url: string) {
      portalUrl = url;
      if (emulator) emulator.ipnUrl = `${url}${VNPAY_IPN_PATH}`;
    },
  };
}
