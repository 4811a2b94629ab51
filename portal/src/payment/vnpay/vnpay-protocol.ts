import { createHmac, timingSafeEqual } from 'node:crypto';
import { formatVietnamStamp, parseVietnamStamp } from '@motcua/domain';

/**
 * VNPay's payment protocol, version 2.1.0 (public merchant documentation): the hash is
 * HMAC-SHA512 with the terminal's secret over the `vnp_*` fields except the hash fields, keys
 * sorted, keys and values URL-encoded with a space as `+`, joined as a query string; amounts are
 * in đồng ×100; dates are `yyyyMMddHHmmss` in GMT+7. The query API (`querydr`) signs its fields
 * joined by `|` in a fixed order instead.
 */
export const VNPAY_VERSION = '2.1.0';

const HASH_FIELDS = new Set(['vnp_SecureHash', 'vnp_SecureHashType']);
const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');

/** The exact bytes VNPay signs: sorted, encoded `key=value` pairs joined by `&`. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k.startsWith('vnp_') && !HASH_FIELDS.has(k) && params[k] !== '')
    .sort()
    .map((k) => `${encode(k)}=${encode(params[k]!)}`)
    .join('&');
}

export const hmacSha512 = (secret: string, data: string) =>
  createHmac('sha512', secret).update(data, 'utf8').digest('hex');

export function secureHash(params: Record<string, string>, secret: string): string {
  return hmacSha512(secret, canonicalQuery(params));
}

/** Constant-time comparison of two hex digests (any letter case). */
export function sameHash(expected: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const a = Buffer.from(expected.toLowerCase());
  const b = Buffer.from(sent.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

export function verifyQuery(params: Record<string, string>, secret: string): boolean {
  return sameHash(secureHash(params, secret), params.vnp_SecureHash);
}

/** `yyyyMMddHHmmss` in GMT+7. */
export function vnpDate(at: Date): string {
  return formatVietnamStamp(at);
}

export function parseVnpDate(s: string | undefined): Date | null {
  return parseVietnamStamp(s);
}

/** VNPay wants ASCII order information: Vietnamese letters without their marks. */
export function asciiOrderInfo(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9 .,:_\-/]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 255);
}
