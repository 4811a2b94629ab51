import { describe, expect, it } from '@jest/globals';
import { loadPaymentConfig } from './payment-config.js';

const REAL = {
  VNPAY_TMN_CODE: 'ABC12345',
  VNPAY_HASH_SECRET: 'a-secret-of-the-terminal',
  VNPAY_PAYMENT_URL: 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
  VNPAY_QUERY_URL: 'https://sandbox.vnpayment.vn/merchant_webapi/api/transaction',
};

describe('payment config', () => {
  it('uses a real terminal when all four settings are given', () => {
    expect(loadPaymentConfig(REAL, { emulators: false })).toEqual({
      mode: 'vnpay',
      tmnCode: 'ABC12345',
      hashSecret: 'a-secret-of-the-terminal',
      paymentUrl: REAL.VNPAY_PAYMENT_URL,
      queryUrl: REAL.VNPAY_QUERY_URL,
      requestMinutes: 15,
      reconcileSeconds: 60,
    });
  });

  it('refuses part of a terminal and names the settings', () => {
    expect(() => loadPaymentConfig({ VNPAY_TMN_CODE: 'ABC12345' }, { emulators: true })).toThrow(
      /VNPAY_HASH_SECRET/,
    );
    expect(() =>
      loadPaymentConfig({ ...REAL, VNPAY_PAYMENT_URL: 'not a url' }, { emulators: false }),
    ).toThrow(/VNPAY_PAYMENT_URL/);
  });

  it('runs the emulator with the development emulators on, with a fresh secret, and nothing without them', () => {
    const a = loadPaymentConfig({}, { emulators: true });
    const b = loadPaymentConfig({}, { emulators: true });
    expect(a.mode).toBe('emulator');
    expect(a.mode === 'emulator' && b.mode === 'emulator' && a.hashSecret !== b.hashSecret).toBe(true);
    expect(loadPaymentConfig({}, { emulators: false })).toEqual({ mode: 'off' });
    // A configured terminal wins over the emulator.
    expect(loadPaymentConfig(REAL, { emulators: true }).mode).toBe('vnpay');
  });
});
