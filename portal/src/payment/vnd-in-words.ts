/**
 * Amounts in Vietnamese words, as receipts print them ("Một trăm năm mươi nghìn đồng"). The usual
 * reading rules: "linh" for a zero ten before a unit (105 = một trăm linh năm), "mười" for ten,
 * "mốt" for a one after twenty and above, "lăm" for a five after a ten, "tư" for a four after
 * twenty and above, "không trăm" inside a number (1 005 000 = một triệu không trăm linh năm
 * nghìn), groups of thousands: nghìn, triệu, tỷ (then nghìn tỷ …).
 */
const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** A group of three digits; `full`: not the leading group (its zero hundreds are read). */
function group(n: number, full: boolean): string[] {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const w: string[] = [];
  if (h > 0 || full) w.push(DIGITS[h]!, 'trăm');
  if (t === 0) {
    if (u > 0 && (h > 0 || full)) w.push('linh');
  } else if (t === 1) w.push('mười');
  else w.push(DIGITS[t]!, 'mươi');
  if (u > 0) {
    if (u === 1 && t >= 2) w.push('mốt');
    else if (u === 5 && t >= 1) w.push('lăm');
    else if (u === 4 && t >= 2) w.push('tư');
    else w.push(DIGITS[u]!);
  }
  return w;
}

const SCALES = ['', 'nghìn', 'triệu'];

/** Words of n < 10^9 (leading = nothing is read before it). */
function belowBillion(n: number, leading: boolean): string[] {
  const groups = [n % 1000, Math.floor(n / 1000) % 1000, Math.floor(n / 1_000_000)];
  const w: string[] = [];
  let started = !leading;
  for (let i = 2; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    w.push(...group(g, started), ...(SCALES[i] ? [SCALES[i]!] : []));
    started = true;
  }
  return w;
}

function words(n: number, leading: boolean): string[] {
  if (n < 1_000_000_000) return belowBillion(n, leading);
  const billions = Math.floor(n / 1_000_000_000);
  const rest = n % 1_000_000_000;
  return [...words(billions, leading), 'tỷ', ...(rest ? belowBillion(rest, false) : [])];
}

/** `150000` → "Một trăm năm mươi nghìn đồng". Whole đồng from 0 up to Number.MAX_SAFE_INTEGER. */
export function vndInWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw new RangeError(`not a whole amount of đồng: ${amount}`);
  const w = amount === 0 ? ['không'] : words(amount, true);
  const text = `${w.join(' ')} đồng`;
  return text[0]!.toUpperCase() + text.slice(1);
}

/** `10000000` → `10.000.000` (Vietnamese grouping, without relying on the runtime's ICU data). */
export function formatVnd(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
