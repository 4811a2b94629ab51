import { hostname } from 'node:os';
import { z } from 'zod';
import { parseEnv } from '@motcua/domain';
import type { EngineAuth } from '@motcua/engine-client';
import type { TokenSignerConfig } from './signing/token-signer.js';
import type { NotificationsOptions } from './notify/start-notifications.js';

/**
 * The workers' configuration: the only reader of process.env in this package. Every variable has
 * its default and unit here; a bad value stops start-up with a message naming it.
 */
const positiveInt = z.coerce.number().int().positive();

export const workersEnvSchema = z
  .object({
    /** Engine REST base URL. */
    ENGINE_URL: z.url().default('http://localhost:8080/engine-rest'),
    /** HTTP Basic user for the engine REST API (with ENGINE_PASSWORD; both or neither). */
    ENGINE_USER: z.string().min(1).optional(),
    /** HTTP Basic password for the engine REST API (with ENGINE_USER). */
    ENGINE_PASSWORD: z.string().min(1).optional(),
    /** Data directory; the default database lives in it. */
    DATA_DIR: z.string().min(1).default('./data'),
    /** `sqlite:<path>` or `mysql://…`; default `sqlite:${DATA_DIR}/motcua.sqlite`. */
    DB_URL: z.string().min(1).optional(),
    /** Worker id the engine records as lock owner; default `motcua-workers-<host>-<pid>`. */
    WORKER_ID: z.string().min(1).max(100).optional(),
    /** Overrides the procedures' unit codes in dossier codes (e.g. an official agency identifier). */
    UNIT_CODE: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9.]{0,30}$/, 'upper-case letters, digits and dots')
      .optional(),
    /** Lock duration of a fetched task, ms. */
    WORKER_LOCK_DURATION_MS: positiveInt.default(30_000),
    /** Tasks per fetch and handlers running at once. */
    WORKER_MAX_TASKS: positiveInt.max(100).default(10),
    /** fetchAndLock long-polling wait, ms (0 = off; Camunda's maximum is 1,800,000). */
    WORKER_ASYNC_RESPONSE_TIMEOUT_MS: z.coerce.number().int().min(0).max(1_800_000).default(10_000),
    /** Pause between polls, ms. */
    WORKER_POLL_INTERVAL_MS: positiveInt.default(300),
    /** Attempts before a failing task becomes an incident. */
    WORKER_RETRIES: positiveInt.max(100).default(3),
    /** First retry wait, ms (doubles each failure). */
    WORKER_RETRY_BACKOFF_MS: z.coerce.number().int().min(0).default(5_000),
    /** Longest retry wait, ms. */
    WORKER_RETRY_BACKOFF_MAX_MS: z.coerce.number().int().min(0).default(300_000),
    /** Working days the apology letter (form 04) adds for the new appointment date. */
    WORKER_APOLOGY_EXTENSION_DAYS: positiveInt.max(100).default(5),
    /** Pause between two reads of the engine history by the status hook, ms (0 = off). */
    WORKER_HISTORY_POLL_MS: z.coerce.number().int().min(0).default(2_000),
    /** PKCS#11 library holding the signing key (the result document's PAdES signature). */
    SIGNING_PKCS11_MODULE: z.string().min(1).default('/usr/lib/softhsm/libsofthsm2.so'),
    /** Label of the token with the signing key; with SIGNING_KEY_LABEL and SIGNING_PIN (all or none). */
    SIGNING_TOKEN_LABEL: z.string().min(1).max(32).optional(),
    /** CKA_LABEL of the signing key and of its certificate in the token. */
    SIGNING_KEY_LABEL: z.string().min(1).max(100).optional(),
    /** User PIN of the token. Never logged. */
    SIGNING_PIN: z.string().min(4).max(255).optional(),
    /**
     * Demo/development only (needs MOTCUA_DEMO=true, and no token configured): a folder where a
     * software signing key is created on first start and kept (0600), labelled as a development
     * key. `npm start` sets it when no PKCS#11 module is installed. Production uses a token.
     */
    SIGNING_DEV_KEY_DIR: z.string().min(1).optional(),
    /** `true` under `npm start`: the demo/development mode (allows SIGNING_DEV_KEY_DIR). */
    MOTCUA_DEMO: z.enum(['true', 'false']).optional(),
    /** National public service portal (Cổng DVCQG) API base URL; unset = the sync outbox is not sent. */
    DVCQG_URL: z.url().optional(),
    /** OAuth2 client id at the national portal (with DVCQG_URL). */
    DVCQG_CLIENT_ID: z.string().min(1).max(200).optional(),
    /** OAuth2 client secret at the national portal. Never logged. */
    DVCQG_CLIENT_SECRET: z.string().min(1).max(500).optional(),
    /** Our unit code at the national portal (MaDonVi); default UNIT_CODE, else `G13`. */
    DVCQG_UNIT_CODE: z.string().min(1).max(60).optional(),
    /** Pause between two polls of the sync outbox, ms. */
    DVCQG_POLL_MS: positiveInt.default(1_000),
    /** Pause between two pulls of the national portal's inbound queue, ms (0 = no inbound). */
    DVCQG_INBOUND_POLL_MS: z.coerce.number().int().min(0).default(5_000),
    /** Per-request timeout towards the national portal, ms. */
    DVCQG_TIMEOUT_MS: positiveInt.default(10_000),
    /** Attempts before a dossier's sync stops as failed (an officer resends it). */
    DVCQG_MAX_ATTEMPTS: positiveInt.max(100).default(8),
    /** Notifications (issue 12), e-mail: `smtp://user:pass@host:port` or `smtps://…` (or SMTP_HOST…). */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'smtp://… or smtps://…')
      .optional(),
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: positiveInt.max(65535).optional(),
    /** `true`: TLS from the first byte (port 465); else STARTTLS when offered. */
    SMTP_SECURE: z.enum(['true', 'false']).optional(),
    SMTP_USER: z.string().min(1).optional(),
    /** Never logged. */
    SMTP_PASS: z.string().optional(),
    /** The From header of the notifications. */
    SMTP_FROM: z.string().min(3).default('"Cổng dịch vụ công Bộ KH&CN" <khong-tra-loi@motcua.local>'),
    /** The brand-name SMS gateway's send endpoint (with SMS_API_KEY). */
    SMS_URL: z.url().optional(),
    SMS_BRANDNAME: z.string().min(1).max(11).default('MOTCUA'),
    /** Never logged. */
    SMS_API_KEY: z.string().min(1).optional(),
    /** The portal's public address, for the links in the notifications. */
    PORTAL_PUBLIC_URL: z.url().default('http://localhost:3000'),
    /** Outbox pass interval, ms (0 = this process sends nothing). */
    NOTIFY_POLL_MS: z.coerce.number().int().min(0).default(2_000),
    /** Attempts before a notification is given up (failed). */
    NOTIFY_MAX_ATTEMPTS: positiveInt.max(50).default(6),
    /** First retry wait of a notification, ms (doubles each failure). */
    NOTIFY_BACKOFF_MS: z.coerce.number().int().min(0).default(30_000),
    /** Longest retry wait of a notification, ms. */
    NOTIFY_BACKOFF_MAX_MS: z.coerce.number().int().min(0).default(3_600_000),
    /** Officers' near-due task reminders: pass interval, ms (0 = off). */
    REMINDER_POLL_MS: z.coerce.number().int().min(0).default(900_000),
    /** Tasks due within this many hours are reminded of (once a day per task and officer). */
    REMINDER_HORIZON_HOURS: positiveInt.max(720).default(24),
    /**
     * Port of the workers' health and metrics listener (`/health/live`, `/health/ready`,
     * `/metrics`); unset = none (the workers take no requests otherwise).
     */
    WORKERS_OPS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** Interface of that listener; 127.0.0.1 keeps it on this machine (0.0.0.0 in a container). */
    WORKERS_OPS_HOST: z.string().min(1).default('127.0.0.1'),
    /** Bearer token Prometheus sends to `GET /metrics` (at least 16 characters); unset = metrics off (404). */
    METRICS_TOKEN: z.string().min(16).optional(),
    /** pino level of the JSON logs on stdout. */
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  })
  .refine(
    (e) =>
      e.DVCQG_URL === undefined || (e.DVCQG_CLIENT_ID !== undefined && e.DVCQG_CLIENT_SECRET !== undefined),
    { message: 'DVCQG_URL needs DVCQG_CLIENT_ID and DVCQG_CLIENT_SECRET', path: ['DVCQG_CLIENT_SECRET'] },
  )
  .refine((e) => (e.ENGINE_USER === undefined) === (e.ENGINE_PASSWORD === undefined), {
    message: 'set both ENGINE_USER and ENGINE_PASSWORD, or neither',
    path: ['ENGINE_PASSWORD'],
  })
  .refine(
    (e) =>
      new Set([e.SIGNING_TOKEN_LABEL, e.SIGNING_KEY_LABEL, e.SIGNING_PIN].map((v) => v === undefined))
        .size === 1,
    {
      message: 'set SIGNING_TOKEN_LABEL, SIGNING_KEY_LABEL and SIGNING_PIN together, or none',
      path: ['SIGNING_PIN'],
    },
  )
  .refine((e) => e.SIGNING_DEV_KEY_DIR === undefined || e.MOTCUA_DEMO === 'true', {
    message: 'a development signing key is for the demo start only: set MOTCUA_DEMO=true or a PKCS#11 token',
    path: ['SIGNING_DEV_KEY_DIR'],
  })
  .refine((e) => e.SMTP_URL === undefined || e.SMTP_HOST === undefined, {
    message: 'set either SMTP_URL or SMTP_HOST (with SMTP_PORT, SMTP_USER, SMTP_PASS), not both',
    path: ['SMTP_HOST'],
  })
  .refine((e) => (e.SMS_URL === undefined) === (e.SMS_API_KEY === undefined), {
    message: 'set SMS_URL and SMS_API_KEY together, or neither',
    path: ['SMS_API_KEY'],
  })
  .refine((e) => e.SIGNING_DEV_KEY_DIR === undefined || e.SIGNING_TOKEN_LABEL === undefined, {
    message: 'set either a PKCS#11 token (SIGNING_TOKEN_LABEL…) or SIGNING_DEV_KEY_DIR, not both',
    path: ['SIGNING_DEV_KEY_DIR'],
  });

/** HTTP Basic credentials for the engine REST API (the engine client's type). */
export type { EngineAuth };

export interface WorkersConfig {
  engineUrl: string;
  engineAuth?: EngineAuth;
  dbUrl: string;
  workerId: string;
  unitCode?: string;
  lockDurationMs: number;
  maxTasks: number;
  asyncResponseTimeoutMs: number;
  pollIntervalMs: number;
  retries: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  apologyExtensionWorkingDays: number;
  historyPollMs: number;
  /** The result document's signing key; absent = signing tasks fail (then an incident). */
  signing?: TokenSignerConfig;
  /** Demo only: the folder of the development software key (no token configured). */
  devSigningKeyDir?: string;
  /** The national portal sync; absent = the outbox is kept but not sent. */
  nationalPortal?: NationalPortalConfig;
  /** E-mail/SMS notifications and officers' reminders. */
  notifications: NotificationsOptions;
  /** The health and metrics listener; absent = none. */
  ops?: { port: number; host: string; metricsToken?: string; processMetrics: boolean };
  logLevel: z.infer<typeof workersEnvSchema>['LOG_LEVEL'];
}

export interface NationalPortalConfig {
  url: string;
  clientId: string;
  /** Never logged. */
  clientSecret: string;
  unitCode: string;
  pollMs: number;
  /** 0 = the inbound queue is not pulled. */
  inboundPollMs: number;
  timeoutMs: number;
  maxAttempts: number;
}

export function defaultWorkerId(): string {
  return `motcua-workers-${hostname()}-${process.pid}`;
}

export function loadWorkersConfig(env: NodeJS.ProcessEnv = process.env): WorkersConfig {
  const e = parseEnv(workersEnvSchema, env);
  return {
    engineUrl: e.ENGINE_URL.replace(/\/+$/, ''),
    ...(e.ENGINE_USER !== undefined && e.ENGINE_PASSWORD !== undefined
      ? { engineAuth: { user: e.ENGINE_USER, password: e.ENGINE_PASSWORD } }
      : {}),
    dbUrl: e.DB_URL ?? `sqlite:${e.DATA_DIR.replace(/\/+$/, '')}/motcua.sqlite`,
    workerId: e.WORKER_ID ?? defaultWorkerId(),
    ...(e.UNIT_CODE ? { unitCode: e.UNIT_CODE } : {}),
    lockDurationMs: e.WORKER_LOCK_DURATION_MS,
    maxTasks: e.WORKER_MAX_TASKS,
    asyncResponseTimeoutMs: e.WORKER_ASYNC_RESPONSE_TIMEOUT_MS,
    pollIntervalMs: e.WORKER_POLL_INTERVAL_MS,
    retries: e.WORKER_RETRIES,
    retryBackoffMs: e.WORKER_RETRY_BACKOFF_MS,
    retryBackoffMaxMs: e.WORKER_RETRY_BACKOFF_MAX_MS,
    apologyExtensionWorkingDays: e.WORKER_APOLOGY_EXTENSION_DAYS,
    historyPollMs: e.WORKER_HISTORY_POLL_MS,
    ...(e.SIGNING_TOKEN_LABEL && e.SIGNING_KEY_LABEL && e.SIGNING_PIN
      ? {
          signing: {
            modulePath: e.SIGNING_PKCS11_MODULE,
            tokenLabel: e.SIGNING_TOKEN_LABEL,
            keyLabel: e.SIGNING_KEY_LABEL,
            pin: e.SIGNING_PIN,
          },
        }
      : {}),
    ...(e.SIGNING_DEV_KEY_DIR ? { devSigningKeyDir: e.SIGNING_DEV_KEY_DIR } : {}),
    ...(e.DVCQG_URL && e.DVCQG_CLIENT_ID && e.DVCQG_CLIENT_SECRET
      ? {
          nationalPortal: {
            url: e.DVCQG_URL.replace(/\/+$/, ''),
            clientId: e.DVCQG_CLIENT_ID,
            clientSecret: e.DVCQG_CLIENT_SECRET,
            unitCode: e.DVCQG_UNIT_CODE ?? e.UNIT_CODE ?? 'G13',
            pollMs: e.DVCQG_POLL_MS,
            inboundPollMs: e.DVCQG_INBOUND_POLL_MS,
            timeoutMs: e.DVCQG_TIMEOUT_MS,
            maxAttempts: e.DVCQG_MAX_ATTEMPTS,
          },
        }
      : {}),
    notifications: {
      ...(e.SMTP_URL || e.SMTP_HOST
        ? {
            smtp: {
              ...(e.SMTP_URL ? { url: e.SMTP_URL } : {}),
              ...(e.SMTP_HOST ? { host: e.SMTP_HOST } : {}),
              ...(e.SMTP_PORT ? { port: e.SMTP_PORT } : {}),
              ...(e.SMTP_SECURE ? { secure: e.SMTP_SECURE === 'true' } : {}),
              ...(e.SMTP_USER ? { user: e.SMTP_USER } : {}),
              ...(e.SMTP_PASS !== undefined ? { pass: e.SMTP_PASS } : {}),
              from: e.SMTP_FROM,
            },
          }
        : {}),
      ...(e.SMS_URL && e.SMS_API_KEY
        ? { sms: { url: e.SMS_URL, brandname: e.SMS_BRANDNAME, apiKey: e.SMS_API_KEY } }
        : {}),
      portalUrl: e.PORTAL_PUBLIC_URL,
      pollMs: e.NOTIFY_POLL_MS,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      backoffMs: e.NOTIFY_BACKOFF_MS,
      backoffMaxMs: e.NOTIFY_BACKOFF_MAX_MS,
      reminderPollMs: e.REMINDER_POLL_MS,
      reminderHorizonMs: e.REMINDER_HORIZON_HOURS * 3600_000,
    },
    ...(e.WORKERS_OPS_PORT !== undefined
      ? {
          ops: {
            port: e.WORKERS_OPS_PORT,
            host: e.WORKERS_OPS_HOST,
            ...(e.METRICS_TOKEN ? { metricsToken: e.METRICS_TOKEN } : {}),
            processMetrics: true,
          },
        }
      : {}),
    logLevel: e.LOG_LEVEL,
  };
}
