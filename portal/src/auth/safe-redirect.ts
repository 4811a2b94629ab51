/**
 * Where to go after login or a form post: only a path on this site. Anything that a browser could
 * read as another origin (`//host`, `/\host`, a scheme, control characters that browsers strip
 * before parsing) falls back to the default.
 */
export function safeNext(next: string | undefined, fallback: string): string {
  if (!next || next.length > 500) return fallback;
  // eslint-disable-next-line no-control-regex
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  return next;
}
