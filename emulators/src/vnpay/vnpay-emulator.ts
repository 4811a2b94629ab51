import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from '@koa/router';
import { messagePage, paymentPage, VNPAY_CSS } from './vnpay-pages.js';
import { hashMatches, hmacSha512, parseVnpDate, signParams, vnpDate } from './vnpay-signature.js';

/**
 * A local VNPay gateway (payment URL version 2.1.0, IPN, `querydr`) for development and tests.
 * The tester pays, cancels or lets a request expire on its payment page; it verifies the
 * merchant's HMAC-SHA512 signature, calls the merchant's IPN URL (GET, signed) and redirects the
 * browser to the return URL (signed). Fault switches make it misbehave as a real gateway can.
 */

/** How the emulator misbehaves; all off by default. */
export interface VnpayFaults {
  /** The IPN is sent this many times for one transaction (2 = VNPay answering twice). Default 1. */
  ipnTimes?: number;
  /** Sent after the browser's redirect, this many ms later (the return page comes first). */
  ipnDelayMs?: number;
  /** The IPN is never sent (the merchant learns of the payment only by the query API). */
  skipIpn?: boolean;
  /** The query API answers HTTP 500. */
  queryError?: boolean;
  /** The query API answers after this many ms (a timeout for a merchant that waits less). */
  queryDelayMs?: number;
  /** The payment page answers HTTP 500. */
  pageError?: boolean;
}

export interface VnpayTransaction {
  txnRef: string;
  /** Amount ×100, as VNPay carries it. */
  amount: string;
  orderInfo: string;
  returnUrl: string;
  createDate: string;
  expireDate: string | null;
  status: 'pending' | 'paid' | 'cancelled' | 'expired';
  /** VNPay's response code: 00 success, 24 cancelled by the customer, 11 expired. */
  responseCode: string | null;
  transactionNo: string | null;
  bankCode: string | null;
  payDate: string | null;
}

/** One IPN call and what the merchant answered. */
export interface IpnCall {
  txnRef: string;
  url: string;
  status: number | null;
  body: unknown;
  error?: string;
}

export interface VnpayEmulatorOptions {
  tmnCode: string;
  hashSecret: string;
  /** The merchant's IPN URL (in VNPay it is registered with the terminal, not sent per request). */
  ipnUrl?: string;
  /** Path prefix when mounted in another app, e.g. `/gia-lap/vnpay`; '' standalone. */
  prefix?: string;
  merchantName?: string;
  clock?: () => Date;
  /** How long the merchant's IPN may take. Default 10 s. */
  ipnTimeoutMs?: number;
}

const REQUIRED = [
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_Amount',
  'vnp_CurrCode',
  'vnp_TxnRef',
  'vnp_OrderInfo',
  'vnp_ReturnUrl',
  'vnp_IpAddr',
  'vnp_CreateDate',
  'vnp_Locale',
] as const;

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

const QUERY_ANSWER_FIELDS = [
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readForm(ctx: Koa.Context): Promise<Record<string, string>> {
  const parsed = (ctx.request as { body?: unknown }).body;
  if (parsed && typeof parsed === 'object') return parsed as Record<string, string>;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of ctx.req) {
    size += (c as Buffer).length;
    if (size > 64 * 1024) ctx.throw(413);
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if ((ctx.get('content-type') || '').includes('json')) return JSON.parse(text || '{}');
  return Object.fromEntries(new URLSearchParams(text));
}

export class VnpayEmulator {
  readonly transactions = new Map<string, VnpayTransaction>();
  readonly ipnCalls: IpnCall[] = [];
  faults: VnpayFaults = {};
  ipnUrl: string | undefined;
  private readonly sessions = new Map<string, Record<string, string>>();
  private readonly pendingIpn = new Set<Promise<void>>();
  private readonly clock: () => Date;
  private transactionSeq = 14_000_000;

  constructor(private readonly o: VnpayEmulatorOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.ipnUrl = o.ipnUrl;
  }

  get prefix(): string {
    return this.o.prefix ?? '';
  }

  /** Waits until every IPN already scheduled was sent (tests). */
  async settled(): Promise<void> {
    while (this.pendingIpn.size) await Promise.all([...this.pendingIpn]);
  }

  /** The koa router of the gateway's pages and APIs, under `prefix`. */
  router(): Router {
    const router = new Router(this.prefix ? { prefix: this.prefix } : {});
    const page = (ctx: Koa.Context, status: number, html: string) => {
      ctx.status = status;
      ctx.type = 'html';
      ctx.body = html;
    };

    router.get('/vnpay.css', (ctx) => {
      ctx.type = 'text/css';
      ctx.set('Cache-Control', 'max-age=3600');
      ctx.body = VNPAY_CSS;
    });

    router.get('/paymentv2/vpcpay.html', (ctx) => {
      if (this.faults.pageError)
        return page(
          ctx,
          500,
          messagePage(this.prefix, 'Lỗi hệ thống', 'Cổng thanh toán đang gặp sự cố (lỗi giả lập 500).'),
        );
      const q = Object.fromEntries(
        Object.entries(ctx.query).filter(([, v]) => typeof v === 'string'),
      ) as Record<string, string>;
      const problem = this.checkRequest(q);
      if (problem)
        return page(ctx, 400, messagePage(this.prefix, 'Yêu cầu thanh toán không hợp lệ', problem));
      const existing = this.transactions.get(q.vnp_TxnRef!);
      if (existing && existing.status !== 'pending')
        return page(
          ctx,
          400,
          messagePage(
            this.prefix,
            'Giao dịch đã tồn tại',
            'Mã giao dịch này đã được xử lý; đơn vị cần tạo yêu cầu thanh toán mới.',
            q.vnp_ReturnUrl,
          ),
        );
      if (!existing)
        this.transactions.set(q.vnp_TxnRef!, {
          txnRef: q.vnp_TxnRef!,
          amount: q.vnp_Amount!,
          orderInfo: q.vnp_OrderInfo!,
          returnUrl: q.vnp_ReturnUrl!,
          createDate: q.vnp_CreateDate!,
          expireDate: q.vnp_ExpireDate ?? null,
          status: 'pending',
          responseCode: null,
          transactionNo: null,
          bankCode: null,
          payDate: null,
        });
      const sessionId = randomBytes(16).toString('hex');
      this.sessions.set(sessionId, q);
      page(
        ctx,
        200,
        paymentPage({
          prefix: this.prefix,
          sessionId,
          merchant: this.o.merchantName ?? `Đơn vị ${this.o.tmnCode}`,
          txnRef: q.vnp_TxnRef!,
          amountVnd: Number(q.vnp_Amount) / 100,
          orderInfo: q.vnp_OrderInfo!,
          expiresAt: parseVnpDate(q.vnp_ExpireDate),
        }),
      );
    });

    router.post('/paymentv2/xac-nhan', async (ctx) => {
      const form = await readForm(ctx);
      const q = this.sessions.get(String(form.phien ?? ''));
      if (!q)
        return page(
          ctx,
          400,
          messagePage(
            this.prefix,
            'Phiên thanh toán không tồn tại',
            'Phiên thanh toán đã kết thúc hoặc không hợp lệ.',
          ),
        );
      this.sessions.delete(String(form.phien));
      const txn = this.transactions.get(q.vnp_TxnRef!)!;
      if (txn.status !== 'pending')
        return page(
          ctx,
          400,
          messagePage(
            this.prefix,
            'Giao dịch đã tồn tại',
            'Mã giao dịch này đã được xử lý.',
            q.vnp_ReturnUrl,
          ),
        );
      const expiry = parseVnpDate(txn.expireDate ?? undefined);
      if (expiry && this.clock() > expiry) {
        txn.status = 'expired';
        txn.responseCode = '11';
      } else if (form['hanh-dong'] === 'thanh-toan') {
        txn.status = 'paid';
        txn.responseCode = '00';
        txn.transactionNo = String(++this.transactionSeq);
        txn.bankCode = form.bank === 'VCB' ? 'VCB' : 'NCB';
        txn.payDate = vnpDate(this.clock());
      } else {
        txn.status = 'cancelled';
        txn.responseCode = '24';
      }
      const result = this.resultParams(txn);
      // VNPay calls the IPN server to server; the browser goes back to the merchant's return URL.
      if (txn.status !== 'expired') await this.sendIpn(txn, result);
      const back = new URL(txn.returnUrl);
      for (const [k, v] of Object.entries(result)) back.searchParams.set(k, v);
      ctx.redirect(back.toString());
    });

    router.post('/merchant_webapi/api/transaction', async (ctx) => {
      if (this.faults.queryDelayMs) await sleep(this.faults.queryDelayMs);
      if (this.faults.queryError) {
        ctx.status = 500;
        ctx.body = { error: 'Internal Server Error' };
        return;
      }
      const body = await readForm(ctx).catch(() => ({}) as Record<string, string>);
      ctx.body = this.query(body);
    });
    return router;
  }

  /** A koa app serving the gateway (mounted under `/gia-lap/vnpay` by the portal, or on its own). */
  app(): Koa {
    const app = new Koa();
    const r = this.router();
    app.use(r.routes()).use(r.allowedMethods());
    return app;
  }

  /** Starts the emulator on its own port (tests: port 0). */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ url: string; close(): Promise<void> }> {
    const app = this.app();
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(port, host, () => resolve(s));
      s.once('error', reject);
    });
    const { port: p } = server.address() as AddressInfo;
    return {
      url: `http://${host}:${p}${this.prefix}`,
      close: async () => {
        await this.settled().catch(() => {});
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      },
    };
  }

  private checkRequest(q: Record<string, string>): string | null {
    for (const k of REQUIRED) if (!q[k]) return `Thiếu tham số ${k}.`;
    if (q.vnp_TmnCode !== this.o.tmnCode) return 'Mã website (vnp_TmnCode) không tồn tại.';
    if (!hashMatches(signParams(q, this.o.hashSecret), q.vnp_SecureHash))
      return 'Sai chữ ký (vnp_SecureHash).';
    if (!/^\d+00$/.test(q.vnp_Amount!) || Number(q.vnp_Amount) <= 0) return 'Số tiền không hợp lệ.';
    if (q.vnp_ExpireDate && !parseVnpDate(q.vnp_ExpireDate)) return 'Thời hạn thanh toán không hợp lệ.';
    const expiry = parseVnpDate(q.vnp_ExpireDate);
    if (expiry && this.clock() > expiry) return 'Giao dịch đã quá thời gian chờ thanh toán.';
    return null;
  }

  private resultParams(txn: VnpayTransaction): Record<string, string> {
    const params: Record<string, string> = {
      vnp_Amount: txn.amount,
      vnp_BankCode: txn.bankCode ?? 'NCB',
      vnp_OrderInfo: txn.orderInfo,
      vnp_ResponseCode: txn.responseCode ?? '99',
      vnp_TmnCode: this.o.tmnCode,
      vnp_TransactionNo: txn.transactionNo ?? '0',
      vnp_TransactionStatus: txn.status === 'paid' ? '00' : '02',
      vnp_TxnRef: txn.txnRef,
      ...(txn.payDate
        ? { vnp_PayDate: txn.payDate, vnp_BankTranNo: `VNP${txn.transactionNo}`, vnp_CardType: 'ATM' }
        : {}),
    };
    return { ...params, vnp_SecureHash: signParams(params, this.o.hashSecret) };
  }

  private async sendIpn(txn: VnpayTransaction, params: Record<string, string>): Promise<void> {
    if (this.faults.skipIpn || !this.ipnUrl) return;
    const url = new URL(this.ipnUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const times = Math.max(1, this.faults.ipnTimes ?? 1);
    const once = async () => {
      const call: IpnCall = { txnRef: txn.txnRef, url: url.toString(), status: null, body: null };
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(this.o.ipnTimeoutMs ?? 10_000) });
        call.status = res.status;
        const text = await res.text();
        try {
          call.body = JSON.parse(text);
        } catch {
          call.body = text;
        }
      } catch (err) {
        call.error = (err as Error).message;
      }
      this.ipnCalls.push(call);
    };
    const all = async () => {
      for (let i = 0; i < times; i++) await once();
    };
    if (this.faults.ipnDelayMs) {
      const later = sleep(this.faults.ipnDelayMs).then(all);
      this.pendingIpn.add(later);
      void later.finally(() => this.pendingIpn.delete(later));
      return;
    }
    await all();
  }

  /** `querydr`: the state of one transaction, signed both ways (pipe-joined fields). */
  private query(b: Record<string, string>): Record<string, string> {
    const responseId = randomUUID().replace(/-/g, '');
    const answer = (fields: Record<string, string>) => {
      const a: Record<string, string> = {
        vnp_ResponseId: responseId,
        vnp_Command: 'querydr',
        vnp_TmnCode: this.o.tmnCode,
        ...fields,
      };
      const data = QUERY_ANSWER_FIELDS.map((k) => a[k] ?? '').join('|');
      return { ...a, vnp_SecureHash: hmacSha512(this.o.hashSecret, data) };
    };
    const data = QUERY_FIELDS.map((k) => b[k] ?? '').join('|');
    if (b.vnp_Command !== 'querydr' || !hashMatches(hmacSha512(this.o.hashSecret, data), b.vnp_SecureHash))
      return answer({ vnp_ResponseCode: '97', vnp_Message: 'Invalid Checksum' });
    if (b.vnp_TmnCode !== this.o.tmnCode)
      return answer({ vnp_ResponseCode: '02', vnp_Message: 'Merchant is not valid' });
    const txn = this.transactions.get(b.vnp_TxnRef ?? '');
    if (!txn) return answer({ vnp_ResponseCode: '91', vnp_Message: 'Transaction not found' });
    return answer({
      vnp_ResponseCode: '00',
      vnp_Message: 'QueryDR Success',
      vnp_TxnRef: txn.txnRef,
      vnp_Amount: txn.amount,
      vnp_OrderInfo: txn.orderInfo,
      vnp_BankCode: txn.bankCode ?? '',
      vnp_PayDate: txn.payDate ?? '',
      vnp_TransactionNo: txn.transactionNo ?? '',
      vnp_TransactionType: '01',
      // 00 paid, 01 not finished yet (still on the page), 02 failed (cancelled, expired).
      vnp_TransactionStatus: txn.status === 'paid' ? '00' : txn.status === 'pending' ? '01' : '02',
    });
  }
}
