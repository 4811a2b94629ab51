import { describe, expect, it } from '@jest/globals';
import { parseAgencyReply, parseDayInput, parsePayment, vietnamToday } from './officer-input.js';

const now = new Date('2026-03-10T20:00:00Z'); // 11/03/2026 03:00 in Vietnam

describe('officer input', () => {
  it.each([
    ['2026-03-11', '2026-03-11'],
    ['11/03/2026', '2026-03-11'],
    ['1/3/2026', '2026-03-01'],
    ['29/02/2028', '2028-02-29'],
    ['29/02/2026', null],
    ['31/04/2026', null],
    ['2026-13-01', null],
    ['11-03-2026', null],
    ['', null],
  ])('reads the day %j as %j', (text, day) => {
    expect(parseDayInput(text)).toBe(day);
  });

  it('counts today in Vietnam time', () => {
    expect(vietnamToday(now)).toBe('2026-03-11');
  });

  it('accepts an amount written with dots or spaces, a receipt number and a day paid', () => {
    expect(
      parsePayment(
        { amountVnd: '10.000.000', receiptNo: 'BL-2026/015', paidOn: '11/03/2026' },
        now,
        '2026-03-01',
      ),
    ).toEqual({ ok: true, value: { amountVnd: 10_000_000, receiptNo: 'BL-2026/015', paidOn: '2026-03-11' } });
    expect(
      parsePayment({ amountVnd: '250 000', receiptNo: 'A1', paidOn: '2026-03-01' }, now, '2026-03-01'),
    ).toMatchObject({
      ok: true,
      value: { amountVnd: 250_000 },
    });
  });

  it.each([
    [{ amountVnd: '0', receiptNo: 'A1', paidOn: '01/03/2026' }, ['amountVnd']],
    [{ amountVnd: '-5', receiptNo: 'A1', paidOn: '01/03/2026' }, ['amountVnd']],
    [{ amountVnd: '1,5', receiptNo: 'A1', paidOn: '01/03/2026' }, ['amountVnd']],
    [{ amountVnd: '10000', receiptNo: '<script>', paidOn: '01/03/2026' }, ['receiptNo']],
    [{ amountVnd: '10000', receiptNo: 'A1', paidOn: '12/03/2026' }, ['paidOn']],
    [{ amountVnd: '10000', receiptNo: 'A1', paidOn: '28/02/2026' }, ['paidOn']],
    [{}, ['amountVnd', 'receiptNo', 'paidOn']],
  ])('refuses %j on %j', (body, fields) => {
    const r = parsePayment(body, now, '2026-03-01');
    expect(r.ok).toBe(false);
    expect(Object.keys(r.ok ? {} : r.errors).sort()).toEqual([...fields].sort());
  });

  it('needs the agency and the gist of its answer', () => {
    expect(parseAgencyReply({ agency: 'Bộ Công Thương', replyText: 'Thống nhất.' })).toEqual({
      ok: true,
      value: { agency: 'Bộ Công Thương', replyText: 'Thống nhất.' },
    });
    const r = parseAgencyReply({ agency: 'B', replyText: 'x'.repeat(2001) });
    expect(r.ok ? [] : Object.keys(r.errors).sort()).toEqual(['agency', 'replyText']);
  });
});
