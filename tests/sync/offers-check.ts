/**
 * The simulator's audit of promotions applied at the counter: every application the server
 * flagged is put on one side of a line — the tablet could have known it was not eligible (a
 * bug in the counter: must be 0), or it could not (the price of working offline). It is kept
 * apart from the simulation so it can be fed made-up flags and shown to decide both ways.
 *
 * It never calls the eligibility rule: it compares what the tablet held when it applied the
 * offer (recorded by the simulator at that moment) with what the server judged from:
 * - a per-guest limit ('used-once', 'used-today') is knowable when one of the uses that break
 *   it was held by the tablet when it applied the offer: its own standing purchase, or another
 *   tablet's use a pull had brought it (recorded with the application, so one voided since
 *   still counts: the tablet knew of it then). A use the tablet never held — made on another
 *   tablet after its last pull, or voided before it pulled — leaves the flag unknowable;
 * - a status ('paused', 'ended') is knowable when the tablet's copy already had it;
 * - the audience ('segment') is knowable when the tablet's view of the guest (registration,
 *   purchase count, last purchase) was the server's view just before the purchase;
 * - a time or check rule is knowable when the tablet's copy was the server's definition (the
 *   owner had not edited it since the tablet's last pull);
 * - anything else ('discount-too-large', 'unknown-promotion') is the tablet's own doing.
 */

/** What a guest's segment is computed from (default rules: registration, count, last purchase). */
export interface GuestInputs {
  registeredAt: number;
  purchaseCount: number;
  lastPurchaseAt: number | null;
}

/** A promotion applied on a tablet, with what that tablet held at that moment. */
export interface Application {
  purchaseId: string;
  tablet: number;
  promotionId: string;
  /** The purchase ids of the guest's standing uses of the promotion the tablet held then: its own and those pulled. */
  heldUses: readonly string[];
  /** The tablet's copy of the promotion: its status and its definition as JSON. */
  status: string;
  definition: string;
  guest: GuestInputs;
}

/** A flag the server recorded, with the server's side of what it judged from. */
export interface ServerFlag {
  purchaseId: string;
  reason: string;
  /** The promotion's definition as JSON, in the same shape as `Application.definition`. */
  definition: string | null;
  /** The guest as the server saw them just before the purchase (every tablet's purchases). */
  guest: GuestInputs | null;
  /** For a limit: the guest's other uses that may break it (earlier; the same café day for 'used-today'), voided or not. */
  breakingUses: readonly { id: string; voided: boolean }[];
}

export interface OffersFindings {
  offersFlagged: number;
  /** Flags the tablet could have avoided from what it held: a counter bug, must be 0. */
  offersFlaggedKnowable: number;
  /** Flags only the server could see: another tablet's use, a change pulled too late, a sale it had not seen. */
  offersFlaggedUnknowable: number;
  offersFlaggedByReason: Record<string, number>;
  /** Flags whose purchase the simulator never applied an offer to: counted knowable, as something is wrong. */
  offersFlaggedUnrecorded: number;
}

const TIME_RULES = new Set(['not-started', 'expired', 'weekday', 'window', 'min-check']);

export function auditOffers(applications: readonly Application[], flags: readonly ServerFlag[]): OffersFindings {
  const byPurchase = new Map(applications.map((a) => [a.purchaseId, a]));
  const findings: OffersFindings = {
    offersFlagged: flags.length,
    offersFlaggedKnowable: 0,
    offersFlaggedUnknowable: 0,
    offersFlaggedByReason: {},
    offersFlaggedUnrecorded: 0,
  };
  for (const f of flags) {
    findings.offersFlaggedByReason[f.reason] = (findings.offersFlaggedByReason[f.reason] ?? 0) + 1;
    const a = byPurchase.get(f.purchaseId);
    if (!a) findings.offersFlaggedUnrecorded++;
    if (!a || knowable(a, f, byPurchase)) findings.offersFlaggedKnowable++;
    else findings.offersFlaggedUnknowable++;
  }
  return findings;
}

function knowable(a: Application, f: ServerFlag, byPurchase: ReadonlyMap<string, Application>): boolean {
  switch (f.reason) {
    case 'used-once':
    case 'used-today':
      // Nothing that could break it, or a use the tablet held when it applied the offer (pulled,
      // or its own; its own standing now stood then too, as only a void takes a use away).
      return f.breakingUses.length === 0 || f.breakingUses.some((u) => a.heldUses.includes(u.id) || (!u.voided && byPurchase.get(u.id)?.tablet === a.tablet));
    case 'paused':
    case 'ended':
      return a.status === f.reason;
    case 'segment':
      return f.guest !== null && sameGuest(a.guest, f.guest);
    default:
      return TIME_RULES.has(f.reason) ? a.definition === f.definition : true;
  }
}

const sameGuest = (x: GuestInputs, y: GuestInputs) =>
  x.registeredAt === y.registeredAt && x.purchaseCount === y.purchaseCount && x.lastPurchaseAt === y.lastPurchaseAt;
