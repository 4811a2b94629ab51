import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseEnv } from '@motcua/domain';

/**
 * Online payment settings, read once at start (main.ts passes the environment).
 * - A real VNPay terminal: `VNPAY_TMN_CODE`, `VNPAY_HASH_SECRET`, `VNPAY_PAYMENT_URL`,
 *   `VNPAY_QUERY_URL` — all four, or none.
 * - None, with the development emulators on (`PORTAL_EMULATORS`, as under `npm start`; refused in
 *   production): the local VNPay emulator, mounted on the portal at `/gia-lap/vnpay`, with a
 *   secret made for this run (never printed).
 * - None otherwise (production): no online payment (the desk records fees).
 */
const schema = z
  .object({
    PORT: z.string().optional(),
    /** VNPay terminal code (`vnp_TmnCode`). */
    VNPAY_TMN_CODE: z
      .string()
      .regex(/^[A-Za-z0-9]{1,20}$/, 'letters and digits, at most 20')
      .optional(),
    /** VNPay hash secret (HMAC-SHA512 key); never logged. */
    VNPAY_HASH_SECRET: z.string().min(8, 'at least 8 characters').optional(),
    /** VNPay payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html */
    VNPAY_PAYMENT_URL: z.url().optional(),
    /** VNPay query API (querydr), e.g. https://sandbox.vnpayment.vn/merchant_webapi/api/transaction */
    VNPAY_QUERY_URL: z.url().optional(),
    /** Minutes a payment request stays open on the gateway. Default 15. */
    PAYMENT_REQUEST_MINUTES: z.coerce.number().int().min(5).max(1440).default(15),
    /** Seconds between reconciliation rounds (querydr for unknown outcomes). Default 60. */
    PAYMENT_RECONCILE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  })
  .refine(
    (e) => {
      const set = [e.VNPAY_TMN_CODE, e.VNPAY_HASH_SECRET, e.VNPAY_PAYMENT_URL, e.VNPAY_QUERY_URL].filter(
        (v) => v !== undefined,
      ).length;
      return set === 0 || set === 4;
    },
    {
      message:
        'set VNPAY_TMN_CODE, VNPAY_HASH_SECRET, VNPAY_PAYMENT_URL and VNPAY_QUERY_URL together, or none',
      path: ['VNPAY_HASH_SECRET'],
    },
  );

export type PaymentConfig =
  | { mode: 'off' }
  | {
      mode: 'vnpay' | 'emulator';
      tmnCode: string;
      hashSecret: string;
      /** Absent in emulator mode: the portal fills in its own mounted emulator. */
      paymentUrl?: string;
      queryUrl?: string;
      requestMinutes: number;
      reconcileSeconds: number;
      /** How long a query to the gateway may take (default 10 s; tests make it short). */
      queryTimeoutMs?: number;
    };

export const EMULATOR_TMN_CODE = 'MOTCUA01';

export function loadPaymentConfig(env: NodeJS.ProcessEnv, o: { emulators: boolean }): PaymentConfig {
  const e = parseEnv(schema, env);
  const common = {
    requestMinutes: e.PAYMENT_REQUEST_MINUTES,
    reconcileSeconds: e.PAYMENT_RECONCILE_SECONDS,
  };
  if (e.VNPAY_TMN_CODE && e.VNPAY_HASH_SECRET && e.VNPAY_PAYMENT_URL && e.VNPAY_QUERY_URL)
    return {
      mode: 'vnpay',
      tmnCode: e.VNPAY_TMN_CODE,
      hashSecret: e.VNPAY_HASH_SECRET,
      paymentUrl: e.VNPAY_PAYMENT_URL,
      queryUrl: e.VNPAY_QUERY_URL,
      ...common,
    };
  if (!o.emulators) return { mode: 'off' };
  return {
    mode: 'emulator',
    tmnCode: EMULATOR_TMN_CODE,
    hashSecret: randomBytes(32).toString('hex'),
    ...common,
  };
}
