/**
 * The simulator's bonus-point audit, kept apart from the simulation so it can be fed a broken
 * ledger and shown to fail. It re-derives everything from plain rows with its own arithmetic
 * (a running sum per guest), never with shared/loyalty/ledger.ts `replay`: a fault in the
 * rules the server runs must show here instead of being repeated.
 */

/** An entry a tablet made: the id the server must store it under. */
export interface TabletEntry {
  id: string;
  guestId: string;
  kind: string;
  points: number;
  purchaseId: string | null;
}

/** An entry as the server's ledger holds it, in ledger order (`seq`). */
export interface ServerEntry extends TabletEntry {
  seq: number;
  reverses: string | null;
}

export interface PointsAudit {
  /** Entries the tablets made (every tablet, after convergence): reversals excluded, the server makes its own. */
  tabletEntries: readonly TabletEntry[];
  /** Purchases voided on some tablet: each of their entries must be reversed on the server. */
  voidedPurchases: ReadonlySet<string>;
  serverEntries: readonly ServerEntry[];
  serverBalances: ReadonlyMap<string, { balance: number; overdraft: number }>;
  /** Recorded overdrafts: the overdrawing entry's id and its points. */
  overdrafts: readonly { entryId: string; points: number }[];
  /** Each tablet's balance for each guest it holds, after it synced until quiet. */
  tabletBalances: readonly ReadonlyMap<string, number>[];
}

export interface PointsFindings {
  pointsLost: number;
  pointsDoubled: number;
  overdraftsUnflagged: number;
  balanceMismatches: number;
}

/** Server-side figures are the server's own for accruals, so only ids are compared there. */
const SERVER_FIGURED = new Set(['accrual']);

export function auditPoints(a: PointsAudit): PointsFindings {
  let pointsLost = 0;
  let pointsDoubled = 0;
  const byId = new Map<string, ServerEntry[]>();
  for (const e of a.serverEntries) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);

  // Every tablet entry stored once with its points; a copy beyond the first is points doubled.
  const made = new Map<string, TabletEntry>();
  for (const e of a.tabletEntries) if (e.kind !== 'reversal') made.set(e.id, e);
  for (const e of made.values()) {
    const stored = byId.get(e.id) ?? [];
    if (stored.length === 0) {
      pointsLost += Math.abs(e.points);
      continue;
    }
    const [first] = stored;
    if (!SERVER_FIGURED.has(e.kind) && first!.points !== e.points) {
      // Less taken than spent at the counter, or more given than earned: a gift; the other way round, a loss.
      const gap = first!.points - e.points;
      if (gap > 0) pointsDoubled += gap;
      else pointsLost -= gap;
    }
  }
  for (const copies of byId.values()) for (const extra of copies.slice(1)) pointsDoubled += Math.abs(extra.points);
  // From here on each id once (its first copy), in ledger order.
  const unique = [...byId.values()].map((copies) => copies[0]!).sort((x, y) => x.seq - y.seq);

  // Per purchase at most one accrual and one redemption.
  const once = new Set<string>();
  for (const e of unique) {
    if (!e.purchaseId || e.kind === 'reversal') continue;
    const key = `${e.kind}:${e.purchaseId}`;
    if (once.has(key)) pointsDoubled += Math.abs(e.points);
    once.add(key);
  }

  // A void returns exactly what the sale moved: every entry of a voided purchase reversed once,
  // every other entry never.
  const reversalsOf = new Map<string, number>();
  for (const e of unique) if (e.kind === 'reversal' && e.reverses) reversalsOf.set(e.reverses, (reversalsOf.get(e.reverses) ?? 0) + 1);
  const standingWelcomes = new Map<string, number>();
  for (const e of unique) {
    if (e.kind === 'reversal') continue;
    const n = reversalsOf.get(e.id) ?? 0;
    if (e.kind === 'welcome') {
      // A merge cancels all but one of a guest's welcome bonuses; reversing one twice takes points.
      if (n === 0) standingWelcomes.set(e.guestId, (standingWelcomes.get(e.guestId) ?? 0) + 1);
      if (n > 1) pointsLost += (n - 1) * e.points;
      continue;
    }
    const owed = e.purchaseId && a.voidedPurchases.has(e.purchaseId) ? 1 : 0;
    // A debit left standing takes the guest's points; a credit left standing gives them twice.
    const wrong = Math.abs(n - owed) * Math.abs(e.points);
    if (n < owed === e.points < 0) pointsLost += wrong;
    else pointsDoubled += wrong;
  }
  const welcomes = new Map<string, { points: number; count: number }>();
  for (const e of unique) {
    if (e.kind !== 'welcome') continue;
    const w = welcomes.get(e.guestId) ?? { points: e.points, count: 0 };
    welcomes.set(e.guestId, { points: w.points, count: w.count + 1 });
  }
  for (const [guest, w] of welcomes) {
    const standing = standingWelcomes.get(guest) ?? 0;
    if (standing > 1) pointsDoubled += (standing - 1) * w.points;
    if (standing === 0) pointsLost += w.points;
  }

  // Overdrafts: a running sum of each guest's ledger; a debit that takes it (further) below zero
  // must be recorded with the points it overdrew.
  const recorded = new Map(a.overdrafts.map((o) => [o.entryId, o.points]));
  const running = new Map<string, number>();
  let overdraftsUnflagged = 0;
  // Every stored row counts here, a copy too: the balance row must be what the ledger holds.
  for (const e of [...a.serverEntries].sort((x, y) => x.seq - y.seq)) {
    const before = running.get(e.guestId) ?? 0;
    const after = before + e.points;
    running.set(e.guestId, after);
    const overdrew = e.points < 0 ? Math.max(0, -after) - Math.max(0, -before) : 0;
    if (overdrew > 0 && recorded.get(e.id) !== overdrew) overdraftsUnflagged++;
  }

  // Balances: the server's row is its ledger's sum, and every tablet shows the server's figure.
  let balanceMismatches = 0;
  const guests = new Set([...running.keys(), ...a.serverBalances.keys()]);
  for (const g of guests) {
    const row = a.serverBalances.get(g) ?? { balance: 0, overdraft: 0 };
    const sum = running.get(g) ?? 0;
    if (row.balance !== sum || row.overdraft !== Math.max(0, -sum)) balanceMismatches++;
  }
  for (const tablet of a.tabletBalances) {
    for (const [g, shown] of tablet) if (shown !== (a.serverBalances.get(g)?.balance ?? 0)) balanceMismatches++;
  }
  return { pointsLost, pointsDoubled, overdraftsUnflagged, balanceMismatches };
}
