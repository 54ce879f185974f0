/**
 * A few numbers about this tablet's writes kept outside IndexedDB (localStorage), so that a
 * browser that evicts or wipes the tablet's database leaves a trace that it did: `highestSeq`,
 * the highest outbox sequence number this tablet gave a write, and `syncedSeq`, the highest the
 * server acknowledged. A database that knows less than the marker was wiped, and the writes
 * between the two numbers never reached the server (local-loss.ts).
 *
 * Why localStorage: it is the one other synchronous store every browser has, it is written in
 * the same task as the write it counts, and it is usually cleared separately from IndexedDB
 * (eviction under storage pressure takes IndexedDB; "clear site data" takes both, and then only
 * the owner's tablets screen, which shows each tablet's last reported outbox, can tell). The
 * token is deliberately not kept here: a second copy of the credential would buy only a device
 * id the re-paired tablet does not need.
 */
export interface DeviceMarker {
  highestSeq: number;
  syncedSeq: number;
}

export const MARKER_KEY = 'cafe-counter-marker';

function store(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // a browser with storage turned off: no marker, no detection
  }
}

export function readMarker(): DeviceMarker | null {
  const raw = store()?.getItem(MARKER_KEY);
  if (!raw) return null;
  try {
    const m = JSON.parse(raw) as Partial<DeviceMarker>;
    return { highestSeq: Number(m.highestSeq) || 0, syncedSeq: Number(m.syncedSeq) || 0 };
  } catch {
    return null;
  }
}

export function writeMarker(marker: DeviceMarker): void {
  try {
    store()?.setItem(MARKER_KEY, JSON.stringify(marker));
  } catch {
    // Full or disabled: the marker is a safety net, never a reason to fail a write.
  }
}

/** Raises the marker's numbers (never lowers them: a late call must not hide a newer write). */
export function raiseMarker(update: Partial<DeviceMarker>): void {
  const m = readMarker() ?? { highestSeq: 0, syncedSeq: 0 };
  writeMarker({ highestSeq: Math.max(m.highestSeq, update.highestSeq ?? 0), syncedSeq: Math.max(m.syncedSeq, update.syncedSeq ?? 0) });
}
