import type { Middleware } from 'koa';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { AuditRecord } from '@motcua/db/portal';

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The audit trail's sign-in decisions and the outcome each one counts as. */
const SIGN_IN_OUTCOMES: Record<string, string> = {
  'login.success': 'success',
  'login.failure': 'failure',
  'login.throttled': 'throttled',
  'login.sso-refused': 'refused',
  'login.password-disabled': 'refused',
};

/**
 * The portal's Prometheus metrics in a registry of its own: request durations by route template
 * and sign-ins by method and outcome. Sign-ins are counted from the audit trail (every sign-in
 * decision is audited), so a new sign-in path cannot be forgotten here.
 */
export class PortalMetrics {
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly signIns: Counter<'method' | 'outcome'>;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.http = new Histogram({
      name: 'motcua_portal_http_request_duration_seconds',
      help: 'Portal requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.signIns = new Counter({
      name: 'motcua_portal_sign_ins_total',
      help: 'Sign-in attempts by method (password, oidc) and outcome (success, failure, throttled, refused)',
      labelNames: ['method', 'outcome'],
      registers,
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'motcua_portal_' });
  }

  /** Feeds on the audit trail (`AuditStore.observe`). */
  readonly audited = (r: AuditRecord): void => {
    const outcome = SIGN_IN_OUTCOMES[r.action];
    if (!outcome) return;
    const method = r.detail?.['method'] === 'oidc' || r.action === 'login.sso-refused' ? 'oidc' : 'password';
    this.signIns.inc({ method, outcome });
  };

  /**
   * Times every request. The route is koa-router's template (`/ho-so/:code`), `static` for the
   * assets and `unmatched` otherwise (404s, the identity provider): never the raw path, which
   * would make one series per dossier code and let anyone grow the registry.
   */
  middleware(): Middleware {
    return async (ctx, next) => {
      const started = process.hrtime.bigint();
      try {
        await next();
      } finally {
        const template = (ctx as { _matchedRoute?: unknown })._matchedRoute;
        const route =
          typeof template === 'string' ? template : ctx.path.startsWith('/static/') ? 'static' : 'unmatched';
        this.http.observe(
          { method: ctx.method, route, status: String(ctx.status) },
          Number(process.hrtime.bigint() - started) / 1e9,
        );
      }
    };
  }
}
