/**
 * A promotion as the owner sets it up and as the counter applies it (DESIGN.md, "Bonus
 * points and promotions"). The types live here without zod so the counter's bundle need not
 * carry it; promotion-schema.ts is what any created or edited promotion must satisfy.
 *
 * Every field is plain JSON (dates are café `LocalDate`s, times `HH:MM` on the café's wall
 * clock, money integer kopecks), so a promotion travels to tablets and back unchanged.
 * "Empty means no restriction" holds for both lists: no audience = every guest, no weekdays =
 * every day.
 */
import type { Brand } from '../domain/brand.ts';
import type { LocalDate, Weekday } from '../domain/calendar.ts';
import type { Kopecks } from '../domain/money.ts';
import type { SegmentId } from '../segments/rules.ts';

export type { Weekday } from '../domain/calendar.ts';

export type PromotionId = Brand<string, 'PromotionId'>;

/** `HH:MM` on the café's wall clock, 00:00–23:59; a window's `to` may also be `24:00`. */
export type TimeOfDay = string;

/** Half-open: a purchase at `from` is inside, one at `to` is not. Never spans midnight. */
export interface TimeWindow {
  from: TimeOfDay;
  to: TimeOfDay;
}

/** Exactly one per promotion. */
export type Benefit =
  /** Whole percent of the check, 1–100. */
  | { kind: 'percent'; percent: number }
  /** Kopecks off the check, never more than the check. */
  | { kind: 'rubles'; amount: Kopecks }
  /** The purchase's accrual times `multiplier` (> 1, at most one decimal). */
  | { kind: 'points-x'; multiplier: number }
  /** Something handed over; the text is what the barista reads out. */
  | { kind: 'gift'; text: string };

export type BenefitKind = Benefit['kind'];

/** How often one guest may use the promotion: no limit, once ever, once a café day. */
export type UseLimit = 'none' | 'once' | 'daily';

/** `ended` is final; `paused` can be resumed. */
export type PromotionStatus = 'active' | 'paused' | 'ended';

/** What the owner decides: everything but the id and the status. */
export interface PromotionDraft {
  /** What the barista sees and says; never a segment's name. */
  name: string;
  /** Segment ids of the café's rule set; empty = every guest. */
  audience: SegmentId[];
  /** Sorted, distinct; empty = every day. */
  weekdays: Weekday[];
  window: TimeWindow | null;
  /** First café day it applies on, inclusive; null = from creation. */
  starts: LocalDate | null;
  /** Last café day it applies on, inclusive; null = until ended. */
  ends: LocalDate | null;
  benefit: Benefit;
  /** The check (before any benefit) must be at least this; null = any check. */
  minCheck: Kopecks | null;
  limit: UseLimit;
  /**
   * Offered only to guests it was granted to (by a mailing or a scenario that attached it,
   * shared/promotions/personal.ts), on top of every rule above; absent or false: to everyone
   * the rules admit.
   */
  personal?: boolean;
}

export interface Promotion extends PromotionDraft {
  id: PromotionId;
  status: PromotionStatus;
}

/**
 * The flat form a promotion is typed in — the owner's form, the HTTP body, the CLI's flags —
 * one field per input, so that a mistake names the field it is in and "no benefit" or "two
 * benefits" can be said at all. promotion-schema.ts turns it into a `PromotionDraft`.
 * Absent and null mean the same: not given.
 */
export interface PromotionInput {
  name: string;
  audience?: string[] | null;
  weekdays?: number[] | null;
  from?: string | null;
  to?: string | null;
  starts?: string | null;
  ends?: string | null;
  /** Benefit fields: exactly one of the four is given. */
  percentOff?: number | null;
  /** Kopecks. */
  amountOff?: number | null;
  pointsMultiplier?: number | null;
  gift?: string | null;
  /** Kopecks. */
  minCheck?: number | null;
  limit?: UseLimit | null;
  /** Only for the guests a mailing or a scenario grants it to. */
  personal?: boolean | null;
}

/**
 * Why an input is refused, one code per rule, so screens can say it in Russian or English
 * beside the field the problem is in. `invalid` is a value of the wrong type altogether.
 */
export const PROMOTION_PROBLEMS = [
  'invalid',
  'name-empty',
  'name-too-long',
  'name-is-segment',
  'segment-unknown',
  'weekday-out-of-range',
  'time-invalid',
  'window-incomplete',
  'window-empty',
  'window-reversed',
  'date-invalid',
  'ends-before-starts',
  'benefit-missing',
  'benefit-twice',
  'percent-out-of-range',
  'rubles-not-positive',
  'rubles-too-large',
  'points-x-out-of-range',
  'gift-empty',
  'gift-too-long',
  'min-check-not-positive',
  'min-check-too-large',
] as const;
export type PromotionProblem = (typeof PROMOTION_PROBLEMS)[number];

/** The input field a problem is in (`benefit` when there is none or more than one). */
export type PromotionField = Exclude<keyof PromotionInput, 'personal'> | 'benefit';

/** The input that gives back `draft`: to fill an edit form or a form from a preset. */
export function toPromotionInput(draft: PromotionDraft): PromotionInput {
  const b = draft.benefit;
  return {
    name: draft.name,
    audience: [...draft.audience],
    weekdays: [...draft.weekdays],
    from: draft.window?.from ?? null,
    to: draft.window?.to ?? null,
    starts: draft.starts,
    ends: draft.ends,
    percentOff: b.kind === 'percent' ? b.percent : null,
    amountOff: b.kind === 'rubles' ? b.amount : null,
    pointsMultiplier: b.kind === 'points-x' ? b.multiplier : null,
    gift: b.kind === 'gift' ? b.text : null,
    minCheck: draft.minCheck,
    limit: draft.limit,
    ...(draft.personal ? { personal: true } : {}),
  };
}

/** Which status changes the owner may make: pause and resume a live one, end any but an ended one. */
export function canChangeStatus(from: PromotionStatus, to: PromotionStatus): boolean {
  if (from === 'ended') return false;
  return from !== to;
}

/** Minutes since the café's midnight of a valid `HH:MM` (`24:00` = 1440). */
export function minuteOfDay(time: TimeOfDay): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}
