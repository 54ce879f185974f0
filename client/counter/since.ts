/** How long ago, in the counter's words: the status bar's "last synced … ago" (pure: `now` passed in). */
import type { Locale } from '../i18n/messages.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function sinceText(at: number, now: number, locale: Locale): string {
  const ms = Math.max(0, now - at);
  const ru = locale === 'ru';
  if (ms < MINUTE) return ru ? 'только что' : 'just now';
  if (ms < HOUR) return ru ? `${Math.floor(ms / MINUTE)} мин назад` : `${Math.floor(ms / MINUTE)} min ago`;
  if (ms < 2 * DAY) return ru ? `${Math.floor(ms / HOUR)} ч назад` : `${Math.floor(ms / HOUR)} h ago`;
  return ru ? `${Math.floor(ms / DAY)} дн. назад` : `${Math.floor(ms / DAY)} days ago`;
}
