import { describe, expect, it } from '@jest/globals';
import { VnpayGateway } from './vnpay-gateway.js';
import { asciiOrderInfo, canonicalQuery, secureHash, vnpDate } from './vnpay-protocol.js';

const SECRET = 'khoa-bi-mat-cua-dau-cuoi';
const gateway = new VnpayGateway({
  tmnCode: 'TMN00001',
  hashSecret: SECRET,
  paymentUrl: 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
  queryUrl: 'https://sandbox.vnpayment.vn/merchant_webapi/api/transaction',
});
const request = {
  txnRef: '261207100000ABCDEF01',
  amountVnd: 150_000,
  orderInfo: 'Nộp lệ phí hồ sơ BKHCN-261207-00001',
  createdAt: new Date('2026-12-07T03:00:00Z'),
  expiresAt: new Date('2026-12-07T03:15:00Z'),
  clientIp: '203.0.113.7',
  returnUrl: 'https://dichvucong.example.vn/thanh-toan/vnpay/ket-qua',
};

describe('VNPay adapter', () => {
  it('signs the payment URL over the sorted, encoded fields; the amount is đồng × 100', () => {
    const url = new URL(gateway.paymentUrl(request));
    const p = Object.fromEntries(url.searchParams);
    expect(p).toMatchObject({
      vnp_Version: '2.1.0',
      vnp_Command: 'pay',
      vnp_TmnCode: 'TMN00001',
      vnp_Amount: '15000000',
      vnp_CurrCode: 'VND',
      vnp_TxnRef: request.txnRef,
      vnp_OrderInfo: 'Nop le phi ho so BKHCN-261207-00001',
      vnp_CreateDate: '20261207100000',
      vnp_ExpireDate: '20261207101500',
    });
    const data = canonicalQuery(p);
    // Sorted keys, `+` for a space, the hash left out.
    expect(data.startsWith('vnp_Amount=15000000&vnp_Command=pay&vnp_CreateDate=20261207100000')).toBe(true);
    expect(data).toContain('vnp_OrderInfo=Nop+le+phi+ho+so+BKHCN-261207-00001');
    expect(data).toContain(
      'vnp_ReturnUrl=https%3A%2F%2Fdichvucong.example.vn%2Fthanh-toan%2Fvnpay%2Fket-qua',
    );
    expect(data).not.toContain('vnp_SecureHash');
    expect(p.vnp_SecureHash).toBe(secureHash(p, SECRET));
    expect(p.vnp_SecureHash).toMatch(/^[0-9a-f]{128}$/);
  });

  it('reads a signed callback, refuses a tampered one or another terminal, never shows the secret', () => {
    const fields = {
      vnp_Amount: '15000000',
      vnp_BankCode: 'NCB',
      vnp_PayDate: '20261207100500',
      vnp_ResponseCode: '00',
      vnp_TmnCode: 'TMN00001',
      vnp_TransactionNo: '14000001',
      vnp_TransactionStatus: '00',
      vnp_TxnRef: request.txnRef,
    };
    const signed = { ...fields, vnp_SecureHash: secureHash(fields, SECRET) };
    expect(gateway.readCallback(signed)).toEqual({
      txnRef: request.txnRef,
      amountVnd: 150_000,
      outcome: 'paid',
      responseCode: '00',
      transactionNo: '14000001',
      bankCode: 'NCB',
      paidAt: new Date('2026-12-07T03:05:00Z'),
    });
    expect(gateway.readCallback({ ...signed, vnp_Amount: '1500000000' })).toEqual({
      refused: 'invalid-signature',
    });
    const other = { ...fields, vnp_TmnCode: 'KHAC0001' };
    expect(gateway.readCallback({ ...other, vnp_SecureHash: secureHash(other, SECRET) })).toEqual({
      refused: 'invalid-signature',
    });
    const cancelled = { ...fields, vnp_ResponseCode: '24', vnp_TransactionStatus: '02' };
    expect(
      gateway.readCallback({ ...cancelled, vnp_SecureHash: secureHash(cancelled, SECRET) }),
    ).toMatchObject({
      outcome: 'failed',
      responseCode: '24',
      paidAt: null,
    });
    expect(JSON.stringify(gateway)).not.toContain(SECRET);
    expect(JSON.stringify({ gateway })).toContain('TMN00001');
  });

  it('refuses an amount that is not whole đồng', () => {
    expect(() => gateway.paymentUrl({ ...request, amountVnd: 0 })).toThrow();
    expect(() => gateway.paymentUrl({ ...request, amountVnd: 1.5 })).toThrow();
  });

  it('formats dates in GMT+7 and strips Vietnamese marks from the order information', () => {
    expect(vnpDate(new Date('2026-12-31T17:30:05Z'))).toBe('20270101003005');
    expect(asciiOrderInfo('Đăng ký <b>hồ sơ</b> số 5')).toBe('Dang ky b ho so /b so 5');
  });
});
