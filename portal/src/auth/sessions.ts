import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PortalSessionStore } from '@motcua/db/portal';

/**
 * Server-side sessions. The cookie holds 32 random bytes; the database holds their SHA-256 only.
 * A session dies after 30 minutes without a request or 12 hours after login, whichever is first
 * (the defaults; PORTAL_SESSION_IDLE_MINUTES and PORTAL_SESSION_ABSOLUTE_HOURS change them).
 */
export const SESSION_COOKIE = 'motcua_sid';
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 3600_000;
/** lastSeen is written at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of two tokens (false on any length mismatch). */
export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface ActiveSession {
  tokenHash: string;
  userId: string;
  csrfToken: string;
}

export interface SessionTimeouts {
  /** Without a request for this long, the session dies. Default IDLE_TIMEOUT_MS (30 min). */
  idleTimeoutMs?: number;
  /** This long after sign-in, the session dies whatever happens. Default ABSOLUTE_TIMEOUT_MS (12 h). */
  absoluteTimeoutMs?: number;
}

export class SessionService {
  private readonly idleMs: number;
  private readonly absoluteMs: number;

  constructor(
    private readonly store: PortalSessionStore,
    private readonly now: () => Date = () => new Date(),
    timeouts: SessionTimeouts = {},
  ) {
    this.idleMs = timeouts.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
    this.absoluteMs = timeouts.absoluteTimeoutMs ?? ABSOLUTE_TIMEOUT_MS;
  }

  /** The absolute timeout in force (the sign-on links of older sessions are purged with it). */
  get absoluteTimeoutMs(): number {
    return this.absoluteMs;
  }

  /** Creates a fresh session (the caller has already destroyed the old one: rotation at login). */
  async create(userId: string, ip: string | null): Promise<{ token: string; session: ActiveSession }> {
    const token = randomToken();
    const at = this.now();
    const session = { tokenHash: hashToken(token), userId, csrfToken: randomToken() };
    await this.store.insert({ ...session, createdAt: at, lastSeenAt: at, ip });
    return { token, session };
  }

  /** The live session for a cookie token, or null (expired sessions are deleted on sight). */
  async resolve(token: string | undefined): Promise<ActiveSession | null> {
    if (!token || token.length > 100) return null;
    const tokenHash = hashToken(token);
    const s = await this.store.find(tokenHash);
    if (!s) return null;
    const now = this.now().getTime();
    if (now - s.lastSeenAt.getTime() > this.idleMs || now - s.createdAt.getTime() > this.absoluteMs) {
      await this.store.delete(tokenHash);
      return null;
    }
    if (now - s.lastSeenAt.getTime() > Math.min(TOUCH_EVERY_MS, this.idleMs / 4))
      await this.store.touch(tokenHash, new Date(now));
    return { tokenHash, userId: s.userId, csrfToken: s.csrfToken };
  }

  async destroy(tokenHash: string): Promise<void> {
    await this.store.delete(tokenHash);
  }

  async purgeExpired(): Promise<void> {
    const now = this.now().getTime();
    await this.store.purgeExpired(new Date(now - this.idleMs), new Date(now - this.absoluteMs));
  }
}
