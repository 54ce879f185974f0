/**
 * A mailing's audience as the owner sees it before sending, and the plan the queue is
 * built from. From the guests in the chosen segments (after the owner's filters):
 *
 *   in the segments = without consent + with consent but no channel + eligible
 *   eligible        = held out + queued
 *   over the cap now ⊆ queued
 *
 * Consent comes first (a guest who said no is not counted as unreachable), then a channel.
 * The holdout is drawn from every eligible guest, before the cap, so that the two groups
 * a report compares differ only by chance: drawing it after the cap would put the guests
 * the café writes to most into the treated group only. Guests over the cap now are still
 * queued: the cap is decided at the moment of sending (a "send at" mailing may be due
 * after the window has moved on), so `overCapNow` is what the owner should expect to be
 * skipped, not a decision.
 */
import type { GuestId } from '../domain/ids.ts';
import type { ChannelId } from './channels.ts';
import { chooseHoldout } from './holdout.ts';

/** What the server knows of one guest in the segments, as of now. */
export interface AudienceGuest {
  guestId: GuestId;
  /** Marketing consent in force now: `consentAt(history, now).granted`. */
  consent: boolean;
  /** `chooseChannel(order, contacts)`: null when no channel of the owner's order reaches the guest. */
  channel: ChannelId | null;
  /** `!checkCap(log, now, zone, cap).allowed`. */
  overCap: boolean;
}

export type AudienceDecision =
  | { guestId: GuestId; decision: 'no-consent' }
  | { guestId: GuestId; decision: 'unreachable' }
  | { guestId: GuestId; decision: 'held-out'; channel: ChannelId }
  | { guestId: GuestId; decision: 'queue'; channel: ChannelId; overCapNow: boolean };

export interface AudienceCounts {
  inSegments: number;
  noConsent: number;
  unreachable: number;
  /** With consent and a reachable channel. */
  eligible: number;
  heldOut: number;
  queued: number;
  /** Of the queued, those the cap would skip if they were sent now. */
  overCapNow: number;
  /** The queued, by the channel each would go by. */
  byChannel: Record<ChannelId, number>;
}

export interface AudiencePlan {
  counts: AudienceCounts;
  decisions: AudienceDecision[];
}

/** Sorts the audience into the owner's counts; `seed` is the mailing's id, which fixes its holdout. */
export function planAudience(guests: readonly AudienceGuest[], holdout: { percent: number; seed: string }): AudiencePlan {
  const seen = new Set<GuestId>();
  for (const g of guests) {
    if (seen.has(g.guestId)) throw new RangeError(`guest ${g.guestId} is listed twice in the audience`);
    seen.add(g.guestId);
  }
  const eligible = guests.filter((g) => g.consent && g.channel !== null);
  const heldOut = chooseHoldout(
    eligible.map((g) => g.guestId),
    holdout.percent,
    holdout.seed,
  );
  const counts: AudienceCounts = {
    inSegments: guests.length,
    noConsent: 0,
    unreachable: 0,
    eligible: eligible.length,
    heldOut: heldOut.size,
    queued: 0,
    overCapNow: 0,
    byChannel: { log: 0, sms: 0, telegram: 0, email: 0 },
  };
  const decisions = guests.map((g): AudienceDecision => {
    if (!g.consent) {
      counts.noConsent += 1;
      return { guestId: g.guestId, decision: 'no-consent' };
    }
    if (g.channel === null) {
      counts.unreachable += 1;
      return { guestId: g.guestId, decision: 'unreachable' };
    }
    if (heldOut.has(g.guestId)) return { guestId: g.guestId, decision: 'held-out', channel: g.channel };
    counts.queued += 1;
    counts.byChannel[g.channel] += 1;
    if (g.overCap) counts.overCapNow += 1;
    return { guestId: g.guestId, decision: 'queue', channel: g.channel, overCapNow: g.overCap };
  });
  return { counts, decisions };
}
