/** Live views of the tablet database for the screens: they re-render when the data changes. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { GuestPurchases } from '../../shared/api/counter.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import { useDb } from './db-context.tsx';
import { fetchGuestPurchases, type GuestHistory, mergeHistory } from './guest-history.ts';
import { guestPoints } from './loyalty.ts';
import { type CounterOffer, guestOffers } from './offers.ts';
import { onKeptDropped } from './offers-cache.ts';
import { guestPurchases, shiftPurchases } from './purchases.ts';
import { readSettings } from './settings.ts';
import { useSettings } from './status-hooks.ts';

export { useSettings } from './status-hooks.ts';

export function useGuest(guestId: GuestId) {
  const db = useDb();
  return useLiveQuery(async () => {
    const [guest, stats] = await Promise.all([db.guests.get(guestId), db.stats.get(guestId)]);
    return guest ? { guest, stats } : null;
  }, [db, guestId]);
}

/** A guest's points as this tablet sees them, with the programme they were read under. */
export function useGuestPoints(guestId: GuestId) {
  const db = useDb();
  return useLiveQuery(async () => {
    const { program } = await readSettings(db);
    return { program, ...(await guestPoints(db, guestId, program)) };
  }, [db, guestId]);
}

/**
 * The offers that apply to the guest now. It is asked again whenever a write drops what the
 * offers are judged from (offers-cache.ts: a pull, a purchase, another tab's write); the
 * card's read is kept, so the purchase screen's list costs no read. The purchase re-checks the
 * tapped one as of its own moment anyway.
 */
export function useGuestOffers(guestId: GuestId): CounterOffer[] | undefined {
  const db = useDb();
  const [shown, setShown] = useState<{ guestId: GuestId; offers: CounterOffer[] }>();
  useEffect(() => {
    let latest = 0;
    let live = true;
    const read = () => {
      const asked = ++latest;
      // Only the latest read is shown: an earlier one may answer after it. A failed read keeps the list shown.
      guestOffers(db, guestId, new Date()).then(
        (offers) => live && asked === latest && setShown({ guestId, offers }),
        () => {},
      );
    };
    const stop = onKeptDropped(db, read);
    read();
    return () => {
      live = false;
      stop();
    };
  }, [db, guestId]);
  return shown?.guestId === guestId ? shown.offers : undefined;
}

export function useGuestPurchases(guestId: GuestId) {
  const db = useDb();
  return useLiveQuery(() => guestPurchases(db, guestId), [db, guestId]);
}

export function useShift(now: Date) {
  const db = useDb();
  return useLiveQuery(() => shiftPurchases(db, now), [db, now.toDateString()]);
}

/** How long the card waits for the server before it says it shows this tablet's purchases only. */
export const HISTORY_TIMEOUT_MS = 8000;

/**
 * A guest's purchases for the card (guest-history.ts): from the server when this tablet is
 * paired and online — asked again after each sync round, so what was just uploaded or voided
 * elsewhere appears — with this tablet's own laid over; this tablet's alone otherwise.
 */
export function useGuestHistory(guestId: GuestId, online: boolean): GuestHistory | undefined {
  const db = useDb();
  const local = useLiveQuery(() => guestPurchases(db, guestId), [db, guestId]);
  const settings = useSettings();
  const [answer, setAnswer] = useState<{ guestId: GuestId; result: GuestPurchases | 'failed' } | null>(null);
  const token = settings?.token ?? null;
  const serverUrl = settings?.serverUrl ?? '';
  const lastSyncAt = settings?.lastSyncAt ?? null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `lastSyncAt` is the trigger to ask again, not an input
  useEffect(() => {
    if (!token || !online) return;
    let cancelled = false;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), HISTORY_TIMEOUT_MS);
    fetchGuestPurchases(serverUrl, token, guestId, abort.signal).then(
      (result) => !cancelled && setAnswer({ guestId, result }),
      () => !cancelled && setAnswer({ guestId, result: 'failed' }),
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
      abort.abort();
    };
  }, [guestId, token, serverUrl, online, lastSyncAt]);

  if (local === undefined || settings === undefined) return undefined;
  const mine = answer?.guestId === guestId ? answer.result : null;
  const server = token && online && mine && mine !== 'failed' ? mine : null;
  const source = !token ? 'unpaired' : !online ? 'offline' : mine === 'failed' ? 'failed' : server ? 'server' : 'loading';
  return { source, rows: mergeHistory(local, server), serverTotal: server?.total ?? null };
}
