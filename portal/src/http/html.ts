/**
 * A tiny safe-by-default HTML templating: every interpolated value is escaped unless it is itself
 * the result of `html` (or of `raw`, which is for trusted constant markup only). Arrays are
 * joined, null/undefined/false render nothing, so `${cond && html`…`}` works.
 */
const SAFE = Symbol('safe-html');

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly value: string;
  toString(): string;
}

function safe(value: string): SafeHtml {
  return { [SAFE]: true, value, toString: () => value };
}

function isSafe(v: unknown): v is SafeHtml {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[SAFE] === true;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (isSafe(value)) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return safe(out);
}

/** Trusted markup (constants written in this code base), never user or engine data. */
export function raw(markup: string): SafeHtml {
  return safe(markup);
}

/** Markup worked out when first rendered (e.g. from a file the build writes), then kept. */
export function lazyHtml(make: () => SafeHtml): SafeHtml {
  let made: SafeHtml | undefined;
  const value = () => (made ??= make()).value;
  return {
    [SAFE]: true,
    get value() {
      return value();
    },
    toString: value,
  };
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&` and the line separators are
 * escaped as \u sequences so no value can close the script element or break out of it.
 */
export function jsonForScript(value: unknown): SafeHtml {
  const json = JSON.stringify(value ?? null).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return safe(json);
}
