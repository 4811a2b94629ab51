import { createHmac, timingSafeEqual } from 'node:crypto';
import { formatVietnamStamp, parseVietnamStamp } from '@motcua/domain';

/**
 * VNPay's signing rule as its public documentation and reference code describe it (version
 * 2.1.0): the `vnp_*` fields except the hash fields, keys sorted, keys and values URL-encoded
 * (space as `+`), joined as a query string, HMAC-SHA512 with the terminal's secret, hex. The
 * emulator has its own copy of the rule on purpose: the portal's adapter is checked against an
 * independent implementation, not against itself.
 */
const HASH_FIELDS = new Set(['vnp_SecureHash', 'vnp_SecureHashType']);

const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');

export function signedData(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => !HASH_FIELDS.has(k) && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${encode(k)}=${encode(params[k]!)}`)
    .join('&');
}

export function hmacSha512(secret: string, data: string): string {
  return createHmac('sha512', secret).update(data, 'utf8').digest('hex');
}

export function signParams(params: Record<string, string>, secret: string): string {
  return hmacSha512(secret, signedData(params));
}

export function hashMatches(expected: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const a = Buffer.from(expected.toLowerCase());
  const b = Buffer.from(sent.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `yyyyMMddHHmmss` in Vietnam's time (GMT+7), VNPay's date format. */
export function vnpDate(at: Date): string {
  return formatVietnamStamp(at);
}

/** The inverse of `vnpDate`; null when malformed. */
export function parseVnpDate(s: string | undefined): Date | null {
  return parseVietnamStamp(s);
}
