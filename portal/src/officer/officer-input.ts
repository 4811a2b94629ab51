/**
 * The officer's records of what happened outside the platform — a fee paid at the desk, another
 * agency's reply — read from form posts. Each returns the values, or Vietnamese messages per field
 * (the page is shown again with what was typed).
 */
import { vietnamDate } from '@motcua/domain';

export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export interface PaymentRecord {
  amountVnd: number;
  receiptNo: string;
  /** `YYYY-MM-DD`. */
  paidOn: string;
}

export interface AgencyReplyRecord {
  agency: string;
  replyText: string;
}

const field = (body: unknown, name: string): string => {
  const v = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
};

/** `YYYY-MM-DD` (the date input) or `dd/mm/yyyy` (typed), checked to be a real calendar day. */
export function parseDayInput(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : vn
      ? [Number(vn[3]), Number(vn[2]), Number(vn[1])]
      : [NaN, NaN, NaN];
  if (!Number.isInteger(y) || y < 2000 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Today in Vietnam (UTC+7), `YYYY-MM-DD`. */
export function vietnamToday(now: Date): string {
  return vietnamDate(now);
}

const MAX_FEE_VND = 1_000_000_000_000;

/**
 * Amount in đồng, written as officers write it ("10.000.000", "10 000 000" or "10000000"); the
 * receipt number (letters, digits, `/ . -`); the day paid — not in the future, not before the
 * dossier was submitted.
 */
export function parsePayment(body: unknown, now: Date, submittedOn: string): Parsed<PaymentRecord> {
  const errors: FieldErrors = {};
  const amountText = field(body, 'amountVnd').replace(/[.\s]/g, '');
  const amountVnd = /^\d{1,13}$/.test(amountText) ? Number(amountText) : NaN;
  if (!Number.isSafeInteger(amountVnd) || amountVnd <= 0 || amountVnd > MAX_FEE_VND)
    errors.amountVnd = 'Số tiền phải là số nguyên dương tính bằng đồng, ví dụ 10.000.000.';
  const receiptNo = field(body, 'receiptNo');
  if (!/^[\p{L}\p{N}][\p{L}\p{N}/.\- ]{0,49}$/u.test(receiptNo))
    errors.receiptNo = 'Số biên lai gồm chữ, số và các ký tự / . - (tối đa 50 ký tự).';
  const paidOn = parseDayInput(field(body, 'paidOn'));
  if (!paidOn) errors.paidOn = 'Ngày nộp không hợp lệ (dd/mm/yyyy).';
  else if (paidOn > vietnamToday(now)) errors.paidOn = 'Ngày nộp không được sau ngày hôm nay.';
  else if (paidOn < submittedOn) errors.paidOn = 'Ngày nộp không được trước ngày nộp hồ sơ.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { amountVnd, receiptNo, paidOn: paidOn! } };
}

/** The agency that answered (2–200 characters) and the gist of its answer (5–2000). */
export function parseAgencyReply(body: unknown): Parsed<AgencyReplyRecord> {
  const errors: FieldErrors = {};
  const agency = field(body, 'agency');
  const replyText = field(body, 'replyText');
  if (agency.length < 2 || agency.length > 200)
    errors.agency = 'Vui lòng nhập tên cơ quan phối hợp (từ 2 đến 200 ký tự).';
  if (replyText.length < 5 || replyText.length > 2000)
    errors.replyText = 'Vui lòng nhập nội dung trả lời (từ 5 đến 2000 ký tự).';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { agency, replyText } };
}
