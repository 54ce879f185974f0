/**
 * The audit of what hostile tablets sent (hostile-tablet.ts) against what the server answered
 * and what its storage holds, kept apart from the simulation so it can be fed a leaking row
 * and shown to fail. A refused mutation must leave no trace: none of the hostile device's
 * rows but the valid ones it sent, no phone it tried to register, no text with control or
 * direction characters, no amount past the ceiling, no time past the server's clock plus the
 * skew limit, and every honest row whose id was reused exactly as the honest tablet made it.
 * The valid mutations beside them must all have been applied, and no answer may be a 5xx.
 */
import { hasUnsafeCharacters } from '../../shared/domain/safe-text.ts';
import { MAX_PURCHASE_KOPECKS } from '../../shared/sync/plausible.ts';

export type HostileKind =
  | 'stamp-garbled'
  | 'stamp-ahead'
  | 'at-ahead'
  | 'time-ahead'
  | 'amount-over-ceiling'
  | 'amount-max-safe'
  | 'name-nul'
  | 'name-bidi'
  | 'reused-purchase-id'
  | 'reused-guest-id'
  | 'reused-mutation-id'
  | 'foreign-void'
  | 'valid-register'
  | 'valid-purchase'
  | 'valid-ceiling';

/** What one crafted mutation would leave in storage if it got in. */
export interface Marks {
  purchaseId?: string;
  phone?: string;
  reused?: { purchaseId: string; amount: number } | { guestId: string; phone: string } | { mutationId: string; kind: string };
}

export interface HostileCase {
  kind: HostileKind;
  expect: 'refuse' | 'apply';
  envelope: unknown;
  mutationId: string;
  marks: Marks;
}

/** One push of a hostile batch: its HTTP status and, for a 200, the ids acked and refused. */
export interface HostileExchange {
  cases: readonly HostileCase[];
  status: number;
  acked: readonly string[];
  refused: readonly string[];
  clockAhead: boolean;
  clockFlagged: boolean;
}

/** What the server's storage holds, read after the run (simulate.ts readHostileEvidence). */
export interface HostileEvidence {
  /** applied_mutations rows of the hostile devices. */
  mutationIds: readonly string[];
  /** Purchases recorded by the hostile devices. */
  purchaseIds: readonly string[];
  /** Voids made by the hostile devices. */
  voidedIds: readonly string[];
  /** Every stored guest phone in the hostile tablets' range, and every stored guest's id and phone. */
  guests: readonly { id: string; phone: string; name: string | null }[];
  /** Every counter purchase's id, amount and device, and its time. */
  purchases: readonly { id: string; amount: number; deviceId: string | null; purchasedAt: Date }[];
  /** applied_mutations by id: who stored each. */
  mutationsById: ReadonlyMap<string, { deviceId: string; kind: string }>;
  /** Every void reason stored. */
  voidReasons: readonly string[];
  hostileDevices: ReadonlySet<string>;
  /** The latest moment a stored time may name: the simulated clock at the end plus the skew limit. */
  latestPlausible: Date;
}

export interface HostileFindings {
  sent: number;
  /** Hostile mutations refused, as they must be. */
  refused: number;
  /** Valid mutations mixed in, applied, as they must be. */
  applied: number;
  /** Answers with a 5xx status (any is a server bug). */
  serverErrors: number;
  /** Stored rows carrying what a refused mutation held, or honest rows changed by one. */
  leaked: number;
  /** Hostile mutations the server acked. */
  wronglyApplied: number;
  /** Valid mutations the server refused (a refusal blocked them, or the check is too strict). */
  wronglyRefused: number;
  /** Batches sent with the device clock days ahead, and how many of them the server flagged. */
  clockAhead: number;
  clockFlagged: number;
  byKind: Partial<Record<HostileKind, number>>;
  /** The first few wrong outcomes, each in a few words, for whoever reads a failed run. */
  failures: string[];
}

export function auditHostile(exchanges: readonly HostileExchange[], e: HostileEvidence): HostileFindings {
  const f: HostileFindings = {
    sent: 0,
    refused: 0,
    applied: 0,
    serverErrors: 0,
    leaked: 0,
    wronglyApplied: 0,
    wronglyRefused: 0,
    clockAhead: 0,
    clockFlagged: 0,
    byKind: {},
    failures: [],
  };
  const fail = (what: string) => {
    if (f.failures.length < 10) f.failures.push(what);
  };
  const expectedPurchases = new Set<string>();
  const expectedPhones = new Set<string>();
  const expectedMutations = new Set<string>();
  const refusedPhones = new Set<string>();
  const refusedPurchases = new Set<string>();
  const reused: Marks['reused'][] = [];
  for (const x of exchanges) {
    if (x.status >= 500) f.serverErrors++;
    if (x.clockAhead) {
      f.clockAhead++;
      if (x.clockFlagged) f.clockFlagged++;
    }
    const acked = new Set(x.acked);
    const refused = new Set(x.refused);
    for (const c of x.cases) {
      f.sent++;
      f.byKind[c.kind] = (f.byKind[c.kind] ?? 0) + 1;
      if (c.expect === 'apply') {
        expectedMutations.add(c.mutationId);
        if (c.marks.purchaseId) expectedPurchases.add(c.marks.purchaseId);
        if (c.marks.phone) expectedPhones.add(c.marks.phone);
        if (acked.has(c.mutationId)) f.applied++;
        else {
          f.wronglyRefused++;
          fail(`${c.kind} ${c.mutationId} not applied`);
        }
        continue;
      }
      if (c.marks.phone) refusedPhones.add(c.marks.phone);
      if (c.marks.purchaseId) refusedPurchases.add(c.marks.purchaseId);
      if (c.marks.reused) reused.push(c.marks.reused);
      // A reused mutation id is answered under that id: refused is right, acked would mean the server took it for a retry.
      if (refused.has(c.mutationId) && !acked.has(c.mutationId)) f.refused++;
      else if (x.status === 200) {
        f.wronglyApplied++;
        fail(`${c.kind} ${c.mutationId} acked`);
      }
    }
  }

  const leak = (what: string) => {
    f.leaked++;
    fail(what);
  };
  // The hostile devices' rows: nothing but what their valid mutations made.
  for (const id of e.mutationIds) if (!expectedMutations.has(id)) leak(`mutation ${id} stored for a hostile device`);
  for (const id of e.purchaseIds) if (!expectedPurchases.has(id)) leak(`purchase ${id} stored for a hostile device`);
  for (const id of e.voidedIds) leak(`purchase ${id} voided by a hostile device`);
  // Anywhere in storage: no phone a refused mutation carried, no unsafe text, no amount past the ceiling, no time from the future.
  for (const g of e.guests) {
    if (refusedPhones.has(g.phone) && !expectedPhones.has(g.phone)) leak(`guest ${g.id} with refused phone ${g.phone}`);
    if (g.name !== null && hasUnsafeCharacters(g.name)) leak(`guest ${g.id} with unsafe characters in the name`);
  }
  for (const r of e.voidReasons) if (hasUnsafeCharacters(r)) leak('a void reason with unsafe characters');
  for (const p of e.purchases) {
    if (refusedPurchases.has(p.id)) leak(`refused purchase ${p.id} stored`);
    if (p.amount > MAX_PURCHASE_KOPECKS) leak(`purchase ${p.id} of ${p.amount} kopecks`);
    if (p.purchasedAt > e.latestPlausible) leak(`purchase ${p.id} at ${p.purchasedAt.toISOString()}`);
  }
  // Honest rows whose ids were reused: as their tablet made them.
  const purchases = new Map(e.purchases.map((p) => [p.id, p]));
  const guests = new Map(e.guests.map((g) => [g.id, g]));
  for (const r of reused) {
    if (!r) continue;
    if ('amount' in r) {
      const p = purchases.get(r.purchaseId);
      if (!p || p.amount !== r.amount || (p.deviceId !== null && e.hostileDevices.has(p.deviceId))) leak(`honest purchase ${r.purchaseId} changed or gone`);
    } else if ('phone' in r) {
      const g = guests.get(r.guestId);
      // A guest merged into another since may be gone; one that stands keeps its phone.
      if (g && g.phone !== r.phone) leak(`honest guest ${r.guestId} now has phone ${g.phone}`);
    } else {
      const m = e.mutationsById.get(r.mutationId);
      if (!m || m.kind !== r.kind || e.hostileDevices.has(m.deviceId)) leak(`honest mutation ${r.mutationId} changed or gone`);
    }
  }
  return f;
}
