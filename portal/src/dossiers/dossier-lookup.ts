import { parseDossierCode } from '@motcua/domain';
import type { AuditStore, Dossier } from '@motcua/db/portal';
import { LoginThrottle } from '../auth/login-throttle.js';
import type { Catalogue, CatalogueEntry } from '../catalogue/catalogue.js';
import type { DossierProgress } from './dossier-status.js';

/** The one answer for an unknown code and for a known code with the wrong second factor. */
export const LOOKUP_NOT_FOUND_VI =
  'Không tìm thấy hồ sơ khớp với mã hồ sơ và thông tin xác minh đã nhập. Vui lòng kiểm tra lại.';
export const LOOKUP_MISSING_VI =
  'Vui lòng nhập mã hồ sơ và số điện thoại của người nộp hoặc 4 số cuối số định danh cá nhân (CCCD).';
export const LOOKUP_THROTTLED_VI = 'Bạn đã tra cứu sai quá nhiều lần. Vui lòng thử lại sau ít phút.';

/**
 * A dossier code as typed: spaces removed, upper case (`g13.atbxhn-261206-00001` works), checked
 * against the one format `<unit>-<yyMMdd>-<5 digits>` (@motcua/domain `formatDossierCode`).
 */
export function normalizeDossierCode(input: string): string | null {
  const code = input.replace(/\s+/g, '').toUpperCase();
  return parseDossierCode(code) ? code : null;
}

/** Vietnamese phone numbers compared by their national form: `+84 912…`, `84912…`, `0912…` agree. */
function nationalPhone(digits: string): string {
  return digits.startsWith('84') && digits.length >= 11 ? `0${digits.slice(2)}` : digits;
}

/**
 * The second factor: the applicant's phone number as submitted (9–12 digits, any spacing or
 * `+84`), or exactly the last 4 digits of the submitted personal identification number (CCCD).
 * A dossier without that datum cannot be matched by it.
 */
export function secondFactorMatches(data: Record<string, unknown>, input: string): boolean {
  const digits = input.replace(/[\s.+()-]/g, '');
  if (!/^\d+$/.test(digits)) return false;
  if (digits.length === 4) {
    const id = typeof data.citizenId === 'string' ? data.citizenId.replace(/\D/g, '') : '';
    return id.length >= 8 && id.endsWith(digits);
  }
  if (digits.length < 9 || digits.length > 12) return false;
  const phone = typeof data.phone === 'string' ? data.phone.replace(/\D/g, '') : '';
  return phone.length >= 9 && nationalPhone(phone) === nationalPhone(digits);
}

export type LookupOutcome =
  | {
      kind: 'found';
      dossier: Dossier;
      procedure: CatalogueEntry | undefined;
      progress: DossierProgress | null;
    }
  | { kind: 'not-found' | 'missing' }
  | { kind: 'throttled'; retryAfterMs: number };

export interface DossierLookupDeps {
  findByCode(code: string): Promise<Dossier | null>;
  progressOf(d: Dossier): Promise<DossierProgress | null>;
  catalogue: Catalogue;
  audit: AuditStore;
  /** Failed look-ups per IP: default 10 in 15 minutes, then blocked until the window ends. */
  throttle?: LoginThrottle;
}

/**
 * The public lookup (`/tra-cuu`): a code alone reveals nothing. A wrong code and a wrong second
 * factor get the same answer (no oracle for which codes exist); failed look-ups are limited per
 * IP; every look-up is audited (found, not found, throttled — never the factor typed).
 */
export class DossierLookup {
  private readonly throttle: LoginThrottle;

  constructor(private readonly deps: DossierLookupDeps) {
    this.throttle = deps.throttle ?? new LoginThrottle({ maxFailures: 10, windowMs: 15 * 60_000 });
  }

  async lookup(q: {
    code: string;
    factor: string;
    ip: string;
    actor: string | null;
  }): Promise<LookupOutcome> {
    const audit = (action: string, target?: string, detail?: Record<string, unknown>) =>
      this.deps.audit.append({
        actor: q.actor ?? '?anonymous',
        action,
        ...(target ? { target } : {}),
        ...(detail ? { detail } : {}),
        ip: q.ip,
      });
    if (!q.code.trim() || !q.factor.trim()) return { kind: 'missing' };
    const blocked = this.throttle.blockedFor('tra-cuu', q.ip);
    if (blocked > 0) {
      await audit('dossier.lookup-throttled');
      return { kind: 'throttled', retryAfterMs: blocked };
    }
    const code = normalizeDossierCode(q.code);
    const dossier = code ? await this.deps.findByCode(code) : null;
    if (!dossier || !secondFactorMatches(dossier.submittedData, q.factor)) {
      this.throttle.recordFailure('tra-cuu', q.ip);
      // Which of the two was wrong stays in the audit only, for administrators.
      await audit('dossier.lookup-failed', undefined, {
        code: q.code.slice(0, 64),
        reason: dossier ? 'second-factor' : 'unknown-code',
      });
      return { kind: 'not-found' };
    }
    await audit('dossier.lookup', `dossier:${dossier.id}`);
    const progress = await this.deps.progressOf(dossier).catch(() => null);
    return { kind: 'found', dossier, procedure: this.deps.catalogue.get(dossier.procedureKey), progress };
  }
}
