/**
 * The VNPay emulator over real HTTP: it refuses a request with a bad signature, an unknown
 * terminal or a past expiry; a request left to expire on its page ends with code 11 and no IPN;
 * the query API signs its answers and refuses a forged query; the fault switches.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VnpayEmulator, vnpayDate, vnpayEmulatorSign } from '@motcua/emulators';
import { createHmac } from 'node:crypto';

const TMN = 'EMUTEST1';
const SECRET = 'bi-mat-gia-lap';
const MIN = 60_000;

describe('VNPay emulator', () => {
  let now = new Date('2026-12-07T03:00:00Z');
  const emulator = new VnpayEmulator({ tmnCode: TMN, hashSecret: SECRET, clock: () => now });
  let base: string;
  let close: () => Promise<void>;
  // A merchant's IPN endpoint that records what it receives.
  const received: Array<Record<string, string>> = [];
  let merchant: Server;

  const request = (o: { txnRef: string; expiresInMin?: number; tmn?: string; secret?: string }) => {
    const p: Record<string, string> = {
      vnp_Version: '2.1.0',
      vnp_Command: 'pay',
      vnp_TmnCode: o.tmn ?? TMN,
      vnp_Amount: '15000000',
      vnp_CurrCode: 'VND',
      vnp_TxnRef: o.txnRef,
      vnp_OrderInfo: 'Nop le phi ho so',
      vnp_OrderType: 'other',
      vnp_Locale: 'vn',
      vnp_ReturnUrl: 'http://127.0.0.1:9/ket-qua',
      vnp_IpAddr: '127.0.0.1',
      vnp_CreateDate: vnpayDate(now),
      vnp_ExpireDate: vnpayDate(new Date(now.getTime() + (o.expiresInMin ?? 15) * MIN)),
    };
    const q = new URLSearchParams({ ...p, vnp_SecureHash: vnpayEmulatorSign(p, o.secret ?? SECRET) });
    return `${base}/paymentv2/vpcpay.html?${q}`;
  };
  const submit = async (pageUrl: string, action: string) => {
    const html = await (await fetch(pageUrl)).text();
    const session = /name="phien" value="([0-9a-f]+)"/.exec(html)![1]!;
    const res = await fetch(`${base}/paymentv2/xac-nhan`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ phien: session, 'hanh-dong': action }).toString(),
    });
    return new URL(res.headers.get('location')!);
  };
  const querydr = async (txnRef: string, secret = SECRET) => {
    const b: Record<string, string> = {
      vnp_RequestId: 'R1',
      vnp_Version: '2.1.0',
      vnp_Command: 'querydr',
      vnp_TmnCode: TMN,
      vnp_TxnRef: txnRef,
      vnp_TransactionDate: vnpayDate(now),
      vnp_CreateDate: vnpayDate(now),
      vnp_IpAddr: '127.0.0.1',
      vnp_OrderInfo: 'Tra cuu',
    };
    const data = Object.values(b).join('|');
    b.vnp_SecureHash = createHmac('sha512', secret).update(data).digest('hex');
    const res = await fetch(`${base}/merchant_webapi/api/transaction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(b),
    });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };

  beforeAll(async () => {
    merchant = createServer((req, res) => {
      received.push(Object.fromEntries(new URL(req.url!, 'http://x').searchParams));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ RspCode: '00', Message: 'Confirm Success' }));
    });
    await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
    emulator.ipnUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/ipn`;
    const s = await emulator.listen(0);
    base = s.url;
    close = s.close;
  });
  afterAll(async () => {
    await close?.();
    await new Promise<void>((r) => merchant.close(() => r()));
  });

  it('shows a Vietnamese payment page for a well-signed request and refuses the others', async () => {
    const ok = await fetch(request({ txnRef: 'A1' }));
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('150.000 đồng');
    const forged = await fetch(request({ txnRef: 'A2', secret: 'sai-bi-mat' }));
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('Sai chữ ký');
    const stranger = await fetch(request({ txnRef: 'A3', tmn: 'KHAC0001' }));
    expect(stranger.status).toBe(400);
    expect(await stranger.text()).toContain('vnp_TmnCode');
    const late = await fetch(request({ txnRef: 'A4', expiresInMin: -1 }));
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('quá thời gian chờ thanh toán');
  });

  it('pays: the IPN is signed with the secret, the browser goes back signed, querydr says paid', async () => {
    received.length = 0;
    const back = await submit(request({ txnRef: 'B1' }), 'thanh-toan');
    expect(received).toHaveLength(1);
    const ipn = received[0]!;
    expect(ipn.vnp_SecureHash).toBe(vnpayEmulatorSign(ipn, SECRET));
    expect(ipn).toMatchObject({
      vnp_TxnRef: 'B1',
      vnp_ResponseCode: '00',
      vnp_TransactionStatus: '00',
      vnp_Amount: '15000000',
    });
    expect(back.searchParams.get('vnp_SecureHash')).toBe(ipn.vnp_SecureHash);
    const q = await querydr('B1');
    expect(q.body).toMatchObject({ vnp_ResponseCode: '00', vnp_TransactionStatus: '00', vnp_TxnRef: 'B1' });
    const fields = [
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
    ];
    const data = fields.map((f) => q.body[f] ?? '').join('|');
    expect(q.body.vnp_SecureHash).toBe(createHmac('sha512', SECRET).update(data).digest('hex'));
    expect((await querydr('B1', 'sai-bi-mat')).body.vnp_ResponseCode).toBe('97');
    expect((await querydr('KHONGCO')).body.vnp_ResponseCode).toBe('91');
    // The same reference cannot be paid twice.
    expect((await fetch(request({ txnRef: 'B1' }))).status).toBe(400);
  });

  it('a request left to expire on its page ends with code 11 and no IPN', async () => {
    received.length = 0;
    const page = request({ txnRef: 'C1', expiresInMin: 15 });
    const html = await (await fetch(page)).text();
    const session = /name="phien" value="([0-9a-f]+)"/.exec(html)![1]!;
    now = new Date(now.getTime() + 16 * MIN);
    const res = await fetch(`${base}/paymentv2/xac-nhan`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ phien: session, 'hanh-dong': 'thanh-toan' }).toString(),
    });
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('vnp_ResponseCode')).toBe('11');
    expect(received).toHaveLength(0);
    expect((await querydr('C1')).body.vnp_TransactionStatus).toBe('02');
  });

  it('fault switches: the page and the query answer 500, the IPN twice or never', async () => {
    emulator.faults = { pageError: true, queryError: true };
    expect((await fetch(request({ txnRef: 'D1' }))).status).toBe(500);
    expect((await querydr('B1')).status).toBe(500);
    emulator.faults = { ipnTimes: 2 };
    received.length = 0;
    await submit(request({ txnRef: 'D2' }), 'thanh-toan');
    expect(received.map((r) => r.vnp_TxnRef)).toEqual(['D2', 'D2']);
    emulator.faults = { skipIpn: true };
    await submit(request({ txnRef: 'D3' }), 'thanh-toan');
    expect(received).toHaveLength(2);
    emulator.faults = { ipnDelayMs: 50 };
    await submit(request({ txnRef: 'D4' }), 'huy');
    await emulator.settled();
    expect(received.at(-1)).toMatchObject({
      vnp_TxnRef: 'D4',
      vnp_ResponseCode: '24',
      vnp_TransactionStatus: '02',
    });
    emulator.faults = {};
  });
});
