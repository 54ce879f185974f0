/**
 * Points expire a whole number of months after the café day they were earned, by the café's
 * calendar: a lot earned on 15 January with a 6-month expiry has expired from the first
 * instant of 15 July in the café's zone (a lot from 31 August expires on 28 or 29 February).
 * Expiry takes what is left of a lot, after spending that already took the oldest points, so
 * no point is both spent and expired. A job posts the expiry entries; their ids are derived
 * from the lot (and how many times it has expired before: a give-back can refill an expired
 * lot), so the job may run as often as it likes, or twice at once, and post each expiry once.
 *
 * Lots of one ledger are ordered by earning day and all expire the same number of months
 * later, so the expired lots are always the oldest: the entries the job posts, appended in
 * that order, are exactly what replay's oldest-first rule takes them from. Post them in the
 * same transaction that read the ledger, so that no debit slips in between.
 */
import { UTCDate } from '@date-fns/utc';
import { addMonths, format } from 'date-fns';
import { type LocalDate, localDateOf, startOfLocalDay, type TimeZone } from '../domain/calendar.ts';
import type { LedgerEntry, LedgerState, Lot } from './ledger.ts';

export interface ExpiryRule {
  /** The programme's expiryMonths; null: points never expire. */
  months: number | null;
  zone: TimeZone;
}

/** The same day `months` later, or the month's last day when it has no such day. */
export function addCalendarMonths(date: LocalDate, months: number): LocalDate {
  return format(addMonths(new UTCDate(date), months), 'yyyy-MM-dd') as LocalDate;
}

/** The first café day on which a lot earned at `earnedAt` has expired; null when points never expire. */
export function lotExpiresOn(earnedAt: Date, rule: ExpiryRule): LocalDate | null {
  return rule.months === null ? null : addCalendarMonths(localDateOf(earnedAt, rule.zone), rule.months);
}

/** Lots with points left whose expiry day has come as of `now`. */
export function expiredLots(state: Pick<LedgerState, 'lots'>, now: Date, rule: ExpiryRule): Lot[] {
  const today = localDateOf(now, rule.zone);
  return state.lots.filter((lot) => {
    const on = lotExpiresOn(lot.earnedAt, rule);
    return on !== null && on <= today;
  });
}

/**
 * The expiry entries to append, in this order, for every lot expired as of `now`: one per lot,
 * dated at the first instant of its expiry day, id `idFor("expiry:<lot id>:<times expired before>")`.
 */
export function expiryEntries(state: Pick<LedgerState, 'lots'>, now: Date, rule: ExpiryRule, idFor: (name: string) => string): LedgerEntry[] {
  return expiredLots(state, now, rule).map((lot) => ({
    id: idFor(`expiry:${lot.id}:${lot.expiries}`),
    kind: 'expiry',
    points: -lot.remaining,
    at: startOfLocalDay(lotExpiresOn(lot.earnedAt, rule)!, rule.zone),
  }));
}

/** The next day some of the balance expires and how many points then ("40 баллов сгорят 15.07"). */
export function nextExpiry(state: Pick<LedgerState, 'lots'>, now: Date, rule: ExpiryRule): { on: LocalDate; points: number } | null {
  const today = localDateOf(now, rule.zone);
  let next: { on: LocalDate; points: number } | null = null;
  for (const lot of state.lots) {
    const on = lotExpiresOn(lot.earnedAt, rule);
    if (on === null || on <= today) continue;
    if (next === null || on < next.on) next = { on, points: lot.remaining };
    else if (on === next.on) next.points += lot.remaining;
  }
  return next;
}
