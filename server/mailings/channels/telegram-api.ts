/**
 * A small client of the Telegram Bot API (`<base>/bot<token>/<method>`, JSON in and out), at a
 * configurable base URL (TELEGRAM_API_URL) so tests run against a fake on 127.0.0.1. It never
 * logs the token: the URL carries it.
 */
export interface TelegramAnswer<T> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

export async function telegramCall<T>(
  apiUrl: string,
  token: string,
  method: string,
  params: Record<string, unknown>,
  timeoutMs = 10_000,
): Promise<TelegramAnswer<T> & { status: number }> {
  const res = await fetch(`${apiUrl}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  try {
    return { ...(JSON.parse(text) as TelegramAnswer<T>), status: res.status };
  } catch {
    return { ok: false, status: res.status, error_code: res.status, description: `not JSON: ${text.slice(0, 200)}` };
  }
}

/**
 * Telegram's limits for bots: about 30 messages a second overall and one a second to one
 * chat; a 429 says how long to wait (`retry_after`), for the whole bot. `acquire` waits
 * until a message to this chat may go.
 */
export class TelegramPacer {
  private nextSlot = 0;
  private pausedUntil = 0;
  private readonly lastByChat = new Map<string, number>();

  constructor(
    private readonly perSecond = 30,
    private readonly perChatMs = 1000,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async acquire(chatId: string): Promise<void> {
    for (;;) {
      const now = this.clock();
      const chatReady = (this.lastByChat.get(chatId) ?? Number.NEGATIVE_INFINITY) + this.perChatMs;
      const at = Math.max(now, this.nextSlot, this.pausedUntil, chatReady);
      if (at <= now) {
        this.nextSlot = now + 1000 / this.perSecond;
        this.lastByChat.set(chatId, now);
        if (this.lastByChat.size > 10_000) this.forgetOld(now);
        return;
      }
      await this.sleep(at - now);
    }
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock() + ms);
  }

  private forgetOld(now: number): void {
    for (const [chat, at] of this.lastByChat) if (at + this.perChatMs < now) this.lastByChat.delete(chat);
  }
}
