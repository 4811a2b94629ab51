/** The SMS gateway emulator over real HTTP: its codes, its rate limit, its request-id dedup. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SmsEmulator, smsSegments } from '@motcua/emulators';

describe('SMS emulator', () => {
  let sms: SmsEmulator;
  const post = async (body: object, key = 'dev-sms-key') => {
    const res = await fetch(sms.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const ok = { brandname: 'MOTCUA', phone: '0912345678', text: 'Hồ sơ đã được tiếp nhận.', requestId: 'r1' };

  beforeAll(async () => {
    sms = await new SmsEmulator({ rateLimit: { max: 5, windowMs: 60_000 } }).start();
  });
  afterAll(async () => {
    await sms.close();
  });

  it('accepts a message once per request id and answers a repeat with the first message id', async () => {
    const first = await post(ok);
    expect(first).toMatchObject({ status: 200, body: { code: '00', requestId: 'r1', segments: 1 } });
    const again = await post(ok);
    expect(again.body).toMatchObject({ code: '00', duplicate: true, messageId: first.body.messageId });
    expect(sms.messages()).toEqual([expect.objectContaining({ requestId: 'r1', requests: 2 })]);
  });

  it('answers its error codes', async () => {
    expect(await post(ok, 'wrong')).toMatchObject({ status: 401, body: { code: '01' } });
    expect(await post({ ...ok, requestId: 'r2', phone: '012' })).toMatchObject({
      status: 400,
      body: { code: '02' },
    });
    expect(await post({ ...ok, requestId: 'r3', brandname: 'KHAC' })).toMatchObject({
      status: 400,
      body: { code: '03' },
    });
    expect(await post({ ...ok, requestId: 'r4', text: 'x'.repeat(800) })).toMatchObject({
      status: 400,
      body: { code: '04' },
    });
    expect(await post({ ...ok, requestId: 'r5' })).toMatchObject({ status: 429, body: { code: '05' } });
  });

  it('counts Unicode segments of 70 (67 when split) and ASCII of 160', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('ồ'.repeat(70))).toBe(1);
    expect(smsSegments('ồ'.repeat(71))).toBe(2);
  });
});
