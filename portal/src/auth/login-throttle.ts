/**
 * Counts failed logins per (username, IP) in memory. After `maxFailures` failures inside `windowMs`
 * the pair is blocked until the window ends; a success clears the count. In memory is enough for
 * one portal process; several processes would each keep their own count (noted in the README).
 */
export interface LoginThrottleOptions {
  /** Failures allowed in the window before blocking. Default 5. */
  maxFailures?: number;
  /** Window length in ms. Default 15 minutes. */
  windowMs?: number;
  now?: () => number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; firstAt: number }>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  private key(username: string, ip: string): string {
    return `${username.toLowerCase()}\u0000${ip}`;
  }

  /** Milliseconds until the pair may try again, or 0 when it may try now. */
  blockedFor(username: string, ip: string): number {
    const entry = this.failures.get(this.key(username, ip));
    if (!entry) return 0;
    const elapsed = this.now() - entry.firstAt;
    if (elapsed >= this.windowMs) {
      this.failures.delete(this.key(username, ip));
      return 0;
    }
    return entry.count >= this.maxFailures ? this.windowMs - elapsed : 0;
  }

  recordFailure(username: string, ip: string): void {
    const k = this.key(username, ip);
    const entry = this.failures.get(k);
    if (!entry || this.now() - entry.firstAt >= this.windowMs)
      this.failures.set(k, { count: 1, firstAt: this.now() });
    else entry.count++;
    if (this.failures.size > 100_000) this.prune();
  }

  recordSuccess(username: string, ip: string): void {
    this.failures.delete(this.key(username, ip));
  }

  private prune(): void {
    const now = this.now();
    for (const [k, v] of this.failures) if (now - v.firstAt >= this.windowMs) this.failures.delete(k);
  }
}
