/**
 * When the tablet syncs: at start, when the network comes back, when the app is shown
 * again, shortly after each write, and every half minute while online. Failures back off
 * exponentially with jitter; one sync at a time across tabs (Web Locks). A sync asked for
 * while one is running runs right after it — never dropped, or a write made during a sync
 * would wait for the next half-minute tick. An expired pairing or a too-old app stops the
 * loop and says so in the status bar.
 */
import type { CounterDb } from '../db.ts';
import { readSettings } from '../settings.ts';
import { syncOnce } from './sync-once.ts';
import { noteRoundEnd } from './stuck.ts';
import { httpTransport, SyncHttpError, type SyncTransport } from './transport.ts';

export interface LoopOptions {
  now: () => Date;
  random: () => number;
  transport?: (settings: { serverUrl: string; token: string }) => SyncTransport;
  periodMs?: number;
  afterWriteMs?: number;
}

export const backoffMs = (failures: number, random: number) => Math.min(60_000, 1_000 * 2 ** Math.min(failures, 6)) * (0.5 + random / 2);

export class SyncLoop {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  /** A sync was asked for while one was running: run another when it ends. */
  private again = false;
  private failures = 0;
  private stopped = false;
  private cleanups: (() => void)[] = [];

  constructor(
    private readonly db: CounterDb,
    private readonly opts: LoopOptions,
  ) {}

  start(): void {
    const on = (target: EventTarget, event: string, fn: () => void) => {
      target.addEventListener(event, fn);
      this.cleanups.push(() => target.removeEventListener(event, fn));
    };
    on(window, 'online', () => this.soon(0));
    on(document, 'visibilitychange', () => document.visibilityState === 'visible' && this.soon(0));
    const afterWrite = () => this.soon(this.opts.afterWriteMs ?? 1_500);
    this.db.outbox.hook('creating', afterWrite);
    this.cleanups.push(() => this.db.outbox.hook('creating').unsubscribe(afterWrite));
    const period = setInterval(() => navigator.onLine && this.soon(0), this.opts.periodMs ?? 30_000);
    this.cleanups.push(() => clearInterval(period));
    this.soon(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const c of this.cleanups) c();
  }

  /** Schedules a sync in `ms`, unless one is already due sooner. */
  soon(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), ms);
  }

  async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      let ok: boolean;
      do {
        this.again = false;
        ok = await this.locked();
        // After a failure the backoff timer is the next attempt, not an immediate one.
      } while (ok && this.again && !this.stopped);
    } finally {
      this.running = false;
    }
  }

  private async locked(): Promise<boolean> {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    if (!locks) return this.attempt();
    // Another tab holds the lock and is syncing this same database: not a failure.
    return locks.request('cafe-sync', { ifAvailable: true }, async (lock) => (lock ? this.attempt() : true));
  }

  /** One round; false when it failed (a retry is scheduled unless the failure is fatal). */
  private async attempt(): Promise<boolean> {
    const settings = await readSettings(this.db);
    if (!settings.token || !settings.serverUrl) return true;
    const transport = (this.opts.transport ?? ((s) => httpTransport(s.serverUrl, s.token)))({ serverUrl: settings.serverUrl, token: settings.token });
    try {
      await syncOnce(this.db, transport, this.opts.now);
      this.failures = 0;
      return true;
    } catch (e) {
      const fatal = e instanceof SyncHttpError && e.fatal;
      await this.db.settings.put({ key: 'lastSyncError', value: e instanceof SyncHttpError ? e.code : 'network' });
      // The server answered but did not take the queue (an error status, or no answer for the
      // batch): as stuck as a round that succeeds around it. No answer at all is the network's fault.
      if (e instanceof SyncHttpError && !fatal) await noteRoundEnd(this.db);
      if (fatal) return false;
      this.failures++;
      this.soon(backoffMs(this.failures, this.opts.random()));
      return false;
    }
  }
}
