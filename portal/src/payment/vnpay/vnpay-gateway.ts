import { randomUUID } from 'node:crypto';
import type { GatewayResult, PaymentGateway, PaymentRequest, RefusedCallback } from '../payment-gateway.js';
import {
  VNPAY_VERSION,
  asciiOrderInfo,
  hmacSha512,
  parseVnpDate,
  sameHash,
  secureHash,
  verifyQuery,
  vnpDate,
} from './vnpay-protocol.js';

/** A VNPay terminal's settings (from configuration; the secret is never logged). */
export interface VnpayOptions {
  /** `vnp_TmnCode`, the terminal code VNPay assigns. */
  tmnCode: string;
  /** The terminal's hash secret. */
  hashSecret: string;
  /**
   * The payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html (a function when it
   * is known only once the portal listens: the emulator mounted on the portal itself).
   */
  paymentUrl: string | (() => string);
  /** The query API (`querydr`), e.g. https://sandbox.vnpayment.vn/merchant_webapi/api/transaction */
  queryUrl: string | (() => string);
  /** How long a query may take before it counts as failed. Default 10 s. */
  queryTimeoutMs?: number;
  /** This server's address as the query API wants it. Default 127.0.0.1. */
  serverIp?: string;
  clock?: () => Date;
}

const QUERY_FIELDS = [
  'vnp_RequestId',
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_TransactionDate',
  'vnp_CreateDate',
  'vnp_IpAddr',
  'vnp_OrderInfo',
] as const;

const ANSWER_FIELDS = [
  'vnp_ResponseId',
  'vnp_Command',
  'vnp_ResponseCode',
  'vnp_Message',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_BankCode',
  'vnp_PayDate',
  'vnp_TransactionNo',
  'vnp_TransactionType',
  'vnp_TransactionStatus',
  'vnp_OrderInfo',
  'vnp_PromotionCode',
  'vnp_PromotionAmount',
] as const;

export class VnpayGatewayError extends Error {}

const resolve = (u: string | (() => string)) => (typeof u === 'function' ? u() : u);

/** `vnp_Amount` (đồng ×100, digits only) → đồng; null when malformed. */
function amountOf(s: string | undefined): number | null {
  if (!s || !/^\d{3,15}$/.test(s) || !s.endsWith('00')) return null;
  return Number(s) / 100;
}

export class VnpayGateway implements PaymentGateway {
  readonly name = 'vnpay';
  private readonly clock: () => Date;

  constructor(private readonly o: VnpayOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  /** Never print the secret (logs, error reports). */
  toJSON() {
    return { gateway: this.name, tmnCode: this.o.tmnCode, paymentUrl: resolve(this.o.paymentUrl) };
  }

  paymentUrl(r: PaymentRequest): string {
    if (!Number.isSafeInteger(r.amountVnd) || r.amountVnd <= 0) throw new VnpayGatewayError('invalid amount');
    const params: Record<string, string> = {
      vnp_Version: VNPAY_VERSION,
      vnp_Command: 'pay',
      vnp_TmnCode: this.o.tmnCode,
      vnp_Amount: String(r.amountVnd * 100),
      vnp_CurrCode: 'VND',
      vnp_TxnRef: r.txnRef,
      vnp_OrderInfo: asciiOrderInfo(r.orderInfo),
      vnp_OrderType: 'other',
      vnp_Locale: 'vn',
      vnp_ReturnUrl: r.returnUrl,
      vnp_IpAddr: r.clientIp,
      vnp_CreateDate: vnpDate(r.createdAt),
      vnp_ExpireDate: vnpDate(r.expiresAt),
    };
    const url = new URL(resolve(this.o.paymentUrl));
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    url.searchParams.set('vnp_SecureHash', secureHash(params, this.o.hashSecret));
    return url.toString();
  }

  readCallback(q: Record<string, string>): GatewayResult | RefusedCallback {
    if (!verifyQuery(q, this.o.hashSecret) || q.vnp_TmnCode !== this.o.tmnCode)
      return { refused: 'invalid-signature' };
    const amountVnd = amountOf(q.vnp_Amount);
    if (!q.vnp_TxnRef || amountVnd === null || !q.vnp_ResponseCode) return { refused: 'malformed' };
    const paid = q.vnp_ResponseCode === '00' && q.vnp_TransactionStatus === '00';
    return {
      txnRef: q.vnp_TxnRef,
      amountVnd,
      outcome: paid ? 'paid' : 'failed',
      responseCode: q.vnp_ResponseCode,
      transactionNo: q.vnp_TransactionNo && q.vnp_TransactionNo !== '0' ? q.vnp_TransactionNo : null,
      bankCode: q.vnp_BankCode || null,
      paidAt: paid ? (parseVnpDate(q.vnp_PayDate) ?? this.clock()) : null,
    };
  }

  async query(a: { txnRef: string; createdAt: Date }): Promise<GatewayResult | null> {
    const body: Record<string, string> = {
      vnp_RequestId: randomUUID().replace(/-/g, ''),
      vnp_Version: VNPAY_VERSION,
      vnp_Command: 'querydr',
      vnp_TmnCode: this.o.tmnCode,
      vnp_TxnRef: a.txnRef,
      vnp_TransactionDate: vnpDate(a.createdAt),
      vnp_CreateDate: vnpDate(this.clock()),
      vnp_IpAddr: this.o.serverIp ?? '127.0.0.1',
      vnp_OrderInfo: `Tra cuu giao dich ${a.txnRef}`,
    };
    body.vnp_SecureHash = hmacSha512(this.o.hashSecret, QUERY_FIELDS.map((k) => body[k]).join('|'));
    let res: Response;
    try {
      res = await fetch(resolve(this.o.queryUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.queryTimeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new VnpayGatewayError(`querydr did not answer: ${(err as Error).message}`);
    }
    if (!res.ok) throw new VnpayGatewayError(`querydr answered HTTP ${res.status}`);
    const answer = (await res.json().catch(() => null)) as Record<string, string> | null;
    if (!answer) throw new VnpayGatewayError('querydr answered no JSON');
    const expected = hmacSha512(this.o.hashSecret, ANSWER_FIELDS.map((k) => answer[k] ?? '').join('|'));
    if (!sameHash(expected, answer.vnp_SecureHash))
      throw new VnpayGatewayError('querydr answer has an invalid checksum');
    if (answer.vnp_ResponseCode === '91') return null;
    if (answer.vnp_ResponseCode !== '00')
      throw new VnpayGatewayError(`querydr refused: ${answer.vnp_ResponseCode}`);
    const amountVnd = amountOf(answer.vnp_Amount);
    if (amountVnd === null || answer.vnp_TxnRef !== a.txnRef)
      throw new VnpayGatewayError('querydr answer is malformed');
    const status = answer.vnp_TransactionStatus;
    return {
      txnRef: a.txnRef,
      amountVnd,
      outcome: status === '00' ? 'paid' : status === '01' ? 'pending' : 'failed',
      responseCode: status ?? '',
      transactionNo: answer.vnp_TransactionNo || null,
      bankCode: answer.vnp_BankCode || null,
      paidAt: status === '00' ? (parseVnpDate(answer.vnp_PayDate) ?? this.clock()) : null,
    };
  }
}
