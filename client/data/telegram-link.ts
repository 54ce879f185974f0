/**
 * The café's Telegram deep link for the counter's QR code: asked of the server with this
 * tablet's token when online (GET /api/counter/telegram-link: only the public link, never the
 * bot's token) and kept in the tablet's settings, so the code still shows with no network.
 * A failed request keeps the link already known; the server saying "no bot" forgets it.
 */
import type { CounterTelegramLink } from '../../shared/api/counter.ts';
import type { CounterDb } from './db.ts';
import { readSettings, saveSetting } from './settings.ts';

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Asks the server and stores the answer; returns the link the tablet now holds. */
export async function refreshTelegramLink(db: CounterDb, fetchFn: Fetch = (i, init) => fetch(i, init)): Promise<string | null> {
  const { serverUrl, token, telegramLink } = await readSettings(db);
  if (!token) return telegramLink;
  try {
    const res = await fetchFn(`${serverUrl}/api/counter/telegram-link`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) return telegramLink;
    const body = (await res.json()) as CounterTelegramLink;
    const url = typeof body.url === 'string' && /^https:\/\/t\.me\//.test(body.url) ? body.url : null;
    if (url !== telegramLink) await saveSetting(db, 'telegramLink', url);
    return url;
  } catch {
    return telegramLink;
  }
}
