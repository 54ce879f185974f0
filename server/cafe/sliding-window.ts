/**
 * A sliding-window counter per key (a client address, an e-mail, a session): at most `max`
 * events in any `windowMs`. Memory is bounded: at most `maxKeys` keys, the least recently
 * used dropped first, and each key keeps at most `max` times, so a flood of addresses cannot
 * grow it without end. In memory: one server process holds the café.
 */
export interface WindowLimit {
  windowMs: number;
  max: number;
  maxKeys?: number;
}

export class SlidingWindow {
  private readonly events = new Map<string, number[]>();

  constructor(private readonly limit: WindowLimit) {}

  /** How long `key` must wait before one more event is allowed (0: allowed now). */
  blockedFor(key: string, now: Date): number {
    const recent = this.recent(key, now);
    return recent.length >= this.limit.max ? this.limit.windowMs - (now.getTime() - recent[0]!) : 0;
  }

  /** Records an event of `key`. */
  add(key: string, now: Date): void {
    const recent = [...this.recent(key, now), now.getTime()].slice(-this.limit.max);
    this.events.delete(key);
    this.events.set(key, recent);
    const maxKeys = this.limit.maxKeys ?? 10_000;
    while (this.events.size > maxKeys) this.events.delete(this.events.keys().next().value!);
  }

  clear(key: string): void {
    this.events.delete(key);
  }

  get size(): number {
    return this.events.size;
  }

  private recent(key: string, now: Date): number[] {
    const all = this.events.get(key);
    if (!all) return [];
    const recent = all.filter((t) => now.getTime() - t < this.limit.windowMs);
    if (recent.length) this.events.set(key, recent);
    else this.events.delete(key);
    return recent;
  }
}
