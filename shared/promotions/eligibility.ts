/**
 * Whether a promotion applies to a guest at a moment: the one rule the tablet uses to list
 * offers and the server uses to re-check every applied promotion, so both give the same
 * answer from the same inputs. Every time rule reads the café's wall clock and calendar in
 * its zone (a date range of café days, weekdays, an [from, to) window), never UTC.
 *
 * The caller supplies what it knows, as of that moment:
 * - the guest's segment as of `now`, before the purchase being decided counts
 *   (`classifyGuest(stats without it, localDateOf(now, zone), zone, rules)`), so a guest
 *   who turns `leaving` at café midnight gets a `leaving` offer from 00:00 with no purchase;
 * - the instants of the guest's uses of this promotion (non-voided purchases that carried
 *   it). Only uses before `now` count, so the purchase being checked may be among them, and
 *   when two offline tablets break a limit the server flags the later use, not both.
 *
 * - the guest's grants of personal promotions (personal.ts): one marked `personal` applies
 *   only to a guest granted it, with the benefit the grant sized for them.
 *
 * A refusal carries the first rule that fails, in this order: status, date range, grant,
 * audience, weekday, window, per-guest limit, minimum check — the lasting reasons before the
 * ones a barista can still change.
 */
import { isoWeekday, localDateOf, wallClockOf, type LocalDate, type TimeZone, type Weekday } from '../domain/calendar.ts';
import type { Kopecks } from '../domain/money.ts';
import type { SegmentId } from '../segments/rules.ts';
import { forGuest, type Grants, isGranted } from './personal.ts';
import { minuteOfDay, type Promotion, type PromotionId } from './promotion.ts';

export type IneligibleReason =
  | 'paused'
  | 'ended'
  | 'not-started'
  | 'expired'
  | 'not-granted'
  | 'segment'
  | 'weekday'
  | 'window'
  | 'used-once'
  | 'used-today'
  | 'min-check';

export type Eligibility = { eligible: true } | { eligible: false; reason: IneligibleReason };

/** The guest at the counter (or in the server's re-check) at one moment. */
export interface GuestContext {
  /** The guest's segment as of `now`, before the purchase being decided counts. */
  segment: SegmentId;
  /** The café's time zone. */
  zone: TimeZone;
  /** The check before any benefit; absent or null while not yet keyed in. */
  amount?: Kopecks | null;
  /** The guest's grants of personal promotions; absent: none. */
  grants?: Grants;
}

/**
 * Whether `promotion` applies to the guest at `now`. With no `amount`, a minimum check is
 * not judged (see `offersFor`); the server always passes the purchase's amount.
 */
export function eligibility(promotion: Promotion, guest: GuestContext & { uses: readonly Date[] }, now: Date): Eligibility {
  return decide(prepare(promotion), guest, guest.uses, momentOf(now, guest.zone));
}

/**
 * Promotions with their rules read once — the window's minutes, the audience and weekdays as
 * sets — so a counter that lists offers for guest after guest parses nothing per guest. The
 * tablet keeps one per set of promotions it holds (client/data/offers.ts).
 */
export interface PreparedPromotions {
  readonly prepared: readonly Prepared[];
}

interface Prepared {
  promotion: Promotion;
  audience: ReadonlySet<SegmentId> | null;
  weekdays: ReadonlySet<Weekday> | null;
  /** The window in minutes since café midnight; null: all day. */
  window: { from: number; to: number } | null;
}

const prepare = (p: Promotion): Prepared => ({
  promotion: p,
  audience: p.audience.length > 0 ? new Set(p.audience) : null,
  weekdays: p.weekdays.length > 0 ? new Set(p.weekdays) : null,
  window: p.window ? { from: minuteOfDay(p.window.from), to: minuteOfDay(p.window.to) } : null,
});

export function preparePromotions(promotions: readonly Promotion[]): PreparedPromotions {
  return { prepared: promotions.map(prepare) };
}

/** An offer the guest card lists. */
export interface Offer {
  promotion: Promotion;
  /** Set when the amount is not known yet: the check must reach this for the offer to apply. */
  needsMinCheck: Kopecks | null;
}

/**
 * The promotions that apply to the guest now, in the order given. Before the amount is
 * keyed in, one with a minimum check is listed with that condition instead of refused;
 * once the amount is known, one the check does not reach is left out.
 */
export function offersFor(
  promotions: readonly Promotion[] | PreparedPromotions,
  guest: GuestContext & { uses: ReadonlyMap<PromotionId, readonly Date[]> },
  now: Date,
): Offer[] {
  const { prepared } = 'prepared' in promotions ? promotions : preparePromotions(promotions);
  const moment = momentOf(now, guest.zone);
  const known = guest.amount !== undefined && guest.amount !== null;
  const offers: Offer[] = [];
  for (const p of prepared) {
    if (decide(p, guest, guest.uses.get(p.promotion.id) ?? NO_USES, moment).eligible) {
      offers.push({ promotion: forGuest(p.promotion, guest.grants), needsMinCheck: known ? null : p.promotion.minCheck });
    }
  }
  return offers;
}

const NO_USES: readonly Date[] = [];
const YES: Eligibility = { eligible: true };
const no = (reason: IneligibleReason): Eligibility => ({ eligible: false, reason });

/** The café's wall clock at `now`, read once however many promotions are judged. */
interface Moment {
  now: Date;
  zone: TimeZone;
  date: LocalDate;
  weekday: Weekday;
  minute: number;
}

function momentOf(now: Date, zone: TimeZone): Moment {
  const { date, minute } = wallClockOf(now, zone);
  return { now, zone, date, weekday: isoWeekday(date), minute };
}

function decide({ promotion: p, audience, weekdays, window }: Prepared, guest: GuestContext, uses: readonly Date[], m: Moment): Eligibility {
  if (p.status === 'paused') return no('paused');
  if (p.status === 'ended') return no('ended');
  // LocalDate text compares in calendar order.
  if (p.starts !== null && m.date < p.starts) return no('not-started');
  if (p.ends !== null && m.date > p.ends) return no('expired');
  if (!isGranted(p, guest.grants)) return no('not-granted');
  if (audience !== null && !audience.has(guest.segment)) return no('segment');
  if (weekdays !== null && !weekdays.has(m.weekday)) return no('weekday');
  if (window !== null && (m.minute < window.from || m.minute >= window.to)) return no('window');
  if (p.limit === 'once' && uses.some((u) => u < m.now)) return no('used-once');
  if (p.limit === 'daily' && uses.some((u) => u < m.now && localDateOf(u, m.zone) === m.date)) return no('used-today');
  if (p.minCheck !== null && guest.amount !== undefined && guest.amount !== null && guest.amount < p.minCheck) return no('min-check');
  return YES;
}
