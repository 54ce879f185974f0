/**
 * Failed logins, limited per client address and per (address, e-mail): 5 failures for one
 * e-mail from one address, or 20 from one address in all, wait out 15 minutes. A stranger's
 * failures therefore never lock the owner out from another address (the owner's own phone
 * still logs in), and guessing is slowed to 20 tries per address per 15 minutes, each costing
 * a scrypt on our side. Memory is bounded (sliding-window.ts).
 */
import { SlidingWindow } from './sliding-window.ts';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_SOURCE = 20;

export class LoginLimiter {
  private readonly bySource = new SlidingWindow({ windowMs: LOGIN_WINDOW_MS, max: MAX_FAILURES_PER_SOURCE });
  private readonly byEmail = new SlidingWindow({ windowMs: LOGIN_WINDOW_MS, max: MAX_FAILURES_PER_EMAIL });

  blockedFor(source: string, email: string, now: Date): number {
    return Math.max(this.bySource.blockedFor(source, now), this.byEmail.blockedFor(pair(source, email), now));
  }

  failed(source: string, email: string, now: Date): void {
    this.bySource.add(source, now);
    this.byEmail.add(pair(source, email), now);
  }

  succeeded(source: string, email: string): void {
    this.byEmail.clear(pair(source, email));
  }
}

const pair = (source: string, email: string) => `${source}\n${email.toLowerCase()}`;
