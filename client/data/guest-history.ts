/**
 * A guest's purchases as the card shows them. A tablet holds only its own purchases (DESIGN.md:
 * a new tablet starts from guests and stats alone), so the visit count, which comes with the
 * server's stats, can be larger than the list. When the tablet is paired and online it asks
 * the server for the guest's recent purchases from every tablet and lays its own not yet
 * uploaded ones (and voids not yet uploaded) over them; otherwise it shows its own and the
 * card says so. Nothing is stored: the server's answer is for this look only.
 */
import type { GuestPurchases } from '../../shared/api/counter.ts';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { PurchaseItem } from '../../shared/sync/mutations.ts';
import type { PurchaseRow } from './db.ts';
import { SyncHttpError } from './sync/transport.ts';

export interface HistoryRow {
  id: PurchaseId;
  purchasedAt: number;
  amount: Kopecks;
  items: PurchaseItem[];
  voided: { at: number; reason: string } | null;
  /** Where it was recorded: this tablet, another (by its name), or an import from the old system. */
  tablet: { kind: 'this' } | { kind: 'other'; name: string } | { kind: 'import' };
  /** On this tablet, so it can be voided here. */
  held: boolean;
}

/** Where the list comes from: the server (every tablet), or this tablet only — and why. */
export type HistorySource = 'server' | 'loading' | 'offline' | 'unpaired' | 'failed';

export interface GuestHistory {
  source: HistorySource;
  rows: HistoryRow[];
  /** The guest's purchases on the server, voided included, when it answered. */
  serverTotal: number | null;
}

const fromLocal = (p: PurchaseRow): HistoryRow => ({
  id: p.id,
  purchasedAt: p.purchasedAt,
  amount: p.amount,
  items: p.items,
  voided: p.voided,
  tablet: { kind: 'this' },
  held: true,
});

const newestFirst = (a: HistoryRow, b: HistoryRow) => b.purchasedAt - a.purchasedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The server's page laid over with this tablet's own purchases: a void made here and not yet
 * uploaded shows at once, and a purchase the server does not list yet is added — unless it
 * is older than the oldest the server sent while the server has more (then it is simply
 * beyond the page, not missing).
 */
export function mergeHistory(local: readonly PurchaseRow[], server: GuestPurchases | null): HistoryRow[] {
  if (!server) return local.map(fromLocal).sort(newestFirst);
  const mine = new Map(local.map((p) => [p.id as string, p]));
  const rows: HistoryRow[] = server.purchases.map((p) => {
    const held = mine.get(p.id);
    const serverVoid = p.voided ? { at: Date.parse(p.voided.at), reason: p.voided.reason } : null;
    return {
      id: p.id as PurchaseId,
      purchasedAt: Date.parse(p.purchasedAt),
      amount: p.amount as Kopecks,
      items: p.items,
      voided: serverVoid ?? held?.voided ?? null,
      tablet: p.tablet === null ? { kind: 'import' } : p.tablet.thisTablet || held ? { kind: 'this' } : { kind: 'other', name: p.tablet.name },
      held: held !== undefined,
    };
  });
  const listed = new Set(server.purchases.map((p) => p.id));
  const complete = server.total <= server.purchases.length;
  const oldest = rows.length ? Math.min(...rows.map((r) => r.purchasedAt)) : Number.NEGATIVE_INFINITY;
  for (const p of local) if (!listed.has(p.id) && (complete || p.purchasedAt >= oldest)) rows.push(fromLocal(p));
  return rows.sort(newestFirst);
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** GET /api/counter/guests/{id}/purchases with this tablet's token. */
export async function fetchGuestPurchases(
  serverUrl: string,
  token: string,
  guestId: GuestId,
  signal?: AbortSignal,
  fetchFn: Fetch = (i, init) => fetch(i, init),
): Promise<GuestPurchases> {
  const res = await fetchFn(`${serverUrl}/api/counter/guests/${encodeURIComponent(guestId)}/purchases`, {
    headers: { authorization: `Bearer ${token}` },
    ...(signal ? { signal } : {}),
  });
  const body = (await res.json().catch(() => ({}))) as GuestPurchases & { error?: { code: string; message: string } };
  if (!res.ok) throw new SyncHttpError(res.status, body.error?.code ?? 'http', body.error?.message ?? `HTTP ${res.status}`);
  return body;
}
