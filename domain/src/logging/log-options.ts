/**
 * What the entry points give pino (the real logger is created there only): one JSON object per
 * line on stdout, the production format and the only one (a collector parses it; a developer
 * pipes it through `pino-pretty` if wanted), with secrets cut out wherever a component might put
 * them in its meta. Library code logs `requestId`, never a header, cookie or password.
 */
export const REDACTED_LOG_PATHS: readonly string[] = [
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'cookie',
  'token',
  '*.token',
  'secret',
  'clientSecret',
  '*.clientSecret',
  'privateKey',
  'pin',
  '*.pin',
];

/** The options object for `pino(…)` (plain data, so this package stays free of pino). */
export function jsonLogOptions(service: string, level: string) {
  return {
    name: service,
    level,
    redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' },
    // Field names collectors expect without mapping: `level` as a word, `time` as ISO 8601.
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
  };
}
