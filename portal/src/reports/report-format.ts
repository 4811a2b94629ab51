import type { IndicatorDefinition, IndicatorValue } from './indicator-definitions.js';

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const INTEGER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** A figure as the pages and exports print it: `1.234`, `85,7 %`, `6,5`; `—` when not computable. */
export function formatIndicator(
  def: Pick<IndicatorDefinition, 'kind'>,
  v: IndicatorValue | undefined,
): string {
  if (!v || v.value === null) return '—';
  if (def.kind === 'rate') return `${NUMBER.format(v.value * 100)} %`;
  if (def.kind === 'days') return NUMBER.format(v.value);
  return INTEGER.format(v.value);
}

/** `2/4` under a rate or an average. */
export function formatFraction(v: IndicatorValue | undefined): string | null {
  if (!v || v.numerator === undefined || v.denominator === undefined) return null;
  return `${INTEGER.format(v.numerator)}/${INTEGER.format(v.denominator)}`;
}

/** A rate as a plain number for exports (percent with one decimal) or null. */
export function exportValue(
  def: Pick<IndicatorDefinition, 'kind'>,
  v: IndicatorValue | undefined,
): number | null {
  if (!v || v.value === null) return null;
  if (def.kind === 'rate') return Math.round(v.value * 1000) / 10;
  if (def.kind === 'days') return Math.round(v.value * 10) / 10;
  return v.value;
}
