/**
 * The IPN route's last resort: whatever goes wrong inside (the database away, a bug) is answered
 * with VNPay's `99` "Unknown error", so VNPay retries; nothing leaks. Real HTTP on a koa app with
 * only this router; the service is replaced because the failure is what is tested.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Koa from 'koa';
import { silentLogger } from '@motcua/domain';
import type { AuditStore, DossierStore } from '@motcua/db/portal';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { PortalState } from '../http/state.js';
import { VNPAY_IPN_ANSWERS, paymentRoutes } from './payment.routes.js';
import type { PaymentService } from './payment.service.js';

describe('VNPay IPN route', () => {
  let base: string;
  let server: ReturnType<Koa['listen']>;
  let answer: () => Promise<string>;

  beforeAll(async () => {
    const service = { handleCallback: () => answer() } as unknown as PaymentService;
    const app = new Koa<PortalState>();
    const r = paymentRoutes({
      payments: service,
      dossiers: {} as DossierStore,
      audit: {} as AuditStore,
      catalogue: {} as Catalogue,
      logger: silentLogger,
    });
    app.use(r.routes());
    server = app.listen(0, '127.0.0.1');
    await new Promise((res) => server.once('listening', res));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((res) => server.close(() => res())));

  it('maps each outcome to its code and an exception to 99', async () => {
    for (const [outcome, expected] of Object.entries(VNPAY_IPN_ANSWERS)) {
      answer =
        outcome === 'error'
          ? () => Promise.reject(new Error('database away'))
          : () => Promise.resolve(outcome);
      const res = await fetch(`${base}/api/thanh-toan/vnpay/ipn?vnp_TxnRef=X`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(expected);
    }
    expect(VNPAY_IPN_ANSWERS.error).toEqual({ RspCode: '99', Message: 'Unknown error' });
  });
});
