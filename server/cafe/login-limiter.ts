/** At most 5 failed logins per e-mail in 15 minutes; then that e-mail waits out the window. */
const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 5;

export class LoginLimiter {
  private failures = new Map<string, number[]>();

  blockedFor(key: string, now: Date): number {
    const recent = (this.failures.get(key) ?? []).filter((t) => now.getTime() - t < WINDOW_MS);
    this.failures.set(key, recent);
    return recent.length >= MAX_FAILURES ? WINDOW_MS - (now.getTime() - recent[0]!) : 0;
  }

  failed(key: string, now: Date): void {
    this.failures.set(key, [...(this.failures.get(key) ?? []), now.getTime()]);
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }
}
