/**
 * The live views the counter's first screen needs (its status bar): kept apart from the
 * guest screens' hooks (hooks.ts), which bring the offers, points and purchase code along and
 * load after the first paint.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useDb } from './db-context.tsx';
import { readSettings } from './settings.ts';
import { readRefused } from './sync/refused.ts';
import { refreshTelegramLink } from './telegram-link.ts';

export function usePendingCount() {
  const db = useDb();
  return useLiveQuery(() => db.outbox.count(), [db]);
}

/** The mutations the server refused for good, set aside on this tablet (sync/refused.ts), oldest first. */
export function useRefused() {
  const db = useDb();
  return useLiveQuery(() => readRefused(db), [db]);
}

/** The current time, ticking every `everyMs`: for "… ago" texts that must age on screen. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

export function useSettings() {
  const db = useDb();
  return useLiveQuery(() => readSettings(db), [db]);
}

/**
 * The café's Telegram deep link: the one the tablet holds (so it shows offline), asked of the
 * server again when online after each sync round.
 */
export function useTelegramLink(online: boolean): string | null | undefined {
  const db = useDb();
  const settings = useSettings();
  const token = settings?.token ?? null;
  const lastSyncAt = settings?.lastSyncAt ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `lastSyncAt` is the trigger to ask again, not an input
  useEffect(() => {
    if (token && online) void refreshTelegramLink(db);
  }, [db, token, online, lastSyncAt]);
  return settings === undefined ? undefined : settings.telegramLink;
}
