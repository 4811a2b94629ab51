/**
 * The logger interface library code receives. The real logger (pino) is created only in entry
 * points; components get a child with their name. Library code never calls console.
 * Fixed meta keys keep logs searchable across packages.
 */
export interface LogMeta {
  processInstanceId?: string;
  processDefinitionKey?: string;
  activityId?: string;
  externalTaskId?: string;
  topic?: string;
  workerId?: string;
  requestId?: string;
  dossierCode?: string;
  err?: unknown;
  [key: string]: unknown;
}

export interface Logger {
  trace(meta: LogMeta | string, msg?: string): void;
  debug(meta: LogMeta | string, msg?: string): void;
  info(meta: LogMeta | string, msg?: string): void;
  warn(meta: LogMeta | string, msg?: string): void;
  error(meta: LogMeta | string, msg?: string): void;
  child(bindings: LogMeta & { component?: string }): Logger;
  /** Whether a call at that level is written (pino's): lets a caller skip building a dropped line. */
  isLevelEnabled?(level: 'trace' | 'debug' | 'info' | 'warn' | 'error'): boolean;
}

/** A logger that drops everything, for tests and library defaults. */
export const silentLogger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
