/** Live views of the tablet database for the screens: they re-render when the data changes. */
import { useLiveQuery } from 'dexie-react-hooks';
import type { GuestId } from '../../shared/domain/ids.ts';
import { useDb } from './db-context.tsx';
import { guestPurchases, shiftPurchases } from './purchases.ts';
import { readSettings } from './settings.ts';

export function useGuest(guestId: GuestId) {
  const db = useDb();
  return useLiveQuery(async () => {
    const [guest, stats] = await Promise.all([db.guests.get(guestId), db.stats.get(guestId)]);
    return guest ? { guest, stats } : null;
  }, [db, guestId]);
}

export function useGuestPurchases(guestId: GuestId) {
  const db = useDb();
  return useLiveQuery(() => guestPurchases(db, guestId), [db, guestId]);
}

export function useShift(now: Date) {
  const db = useDb();
  return useLiveQuery(() => shiftPurchases(db, now), [db, now.toDateString()]);
}

export function usePendingCount() {
  const db = useDb();
  return useLiveQuery(() => db.outbox.count(), [db]);
}

export function useSettings() {
  const db = useDb();
  return useLiveQuery(() => readSettings(db), [db]);
}
