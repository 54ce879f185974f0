/**
 * Automatic scenarios: pure detectors that say which guests a scenario fires for, given
 * what happened (segment changes) or what day it is (birthdays, anniversaries, a newcomer
 * who did not come back, points about to expire). They read no clock and no database:
 * the caller passes the changes, the café days to look at and each guest's facts, in the
 * transaction that observed them, and queues what comes back in that same transaction.
 *
 * Once per occurrence. Every firing has an occurrence tag (the café day a guest entered a
 * segment, the year of a birthday, the last day of expiring points) and from it a message
 * key (keys.ts), which the queue holds unique: the same event observed twice (a push
 * retried, the daily job run again, an import and the daily job on one day) queues one
 * message. A detector also never returns one key twice in a call.
 *
 * Cooldown. A scenario fires for a guest only if it has not fired for them in the last
 * `cooldownDays` café days, counted from the day of the last firing (`lastFiredOn`, which
 * the caller reads for this scenario and guest): a guest who goes active → leaving →
 * active → leaving within the cooldown gets one win-back, and another on the first entry
 * after it. "Fired" means an occurrence was recorded, whatever became of its message (held
 * out, no consent, over the cap), so a guest does not get the message the moment they give
 * consent for an event long past.
 *
 * Only guests' own moves count: a segment change the owner caused by editing the rules
 * (`kind: 'rules'`) triggers nothing. A guest's first placement (`from: null`) is an entry
 * like any other; whoever records it (the counter, an import) says whether it is a move.
 *
 * Consent and the cap are not the detectors' business; they are checked when the message
 * is queued and again when it is sent. The holdout is drawn here, per occurrence
 * (holdout.ts `isHeldOut`), so that it is fixed with the occurrence and the same on retry.
 */
import { addCalendarDays, calendarDaysBetween, type LocalDate, localDateOf, type TimeZone } from '../domain/calendar.ts';
import type { GuestId } from '../domain/ids.ts';
import { type Kopecks, kopecks } from '../domain/money.ts';
import { DEFAULT_SPEND_TIERS, sizeBenefit, type SpendTiers } from '../promotions/personal.ts';
import type { Benefit } from '../promotions/promotion.ts';
import type { SegmentId } from '../segments/rules.ts';
import { checkHoldoutPercent, DEFAULT_HOLDOUT_PERCENT, isHeldOut } from './holdout.ts';
import { type MessageKey, messageKey } from './keys.ts';

/**
 * What a message offers: points credited with it, or a personal promotion granted with it
 * (shared/promotions/personal.ts) — with the benefit sized for the guest, or null for the
 * promotion's own.
 */
export type Reward = { kind: 'points'; points: number } | { kind: 'promotion'; promotionId: string; benefit?: Benefit | null };

/** Rows by paid spend, ascending from 0: a guest gets the reward of the last row their spend reaches. */
export type RewardTable = readonly { fromSpend: Kopecks; reward: Reward }[];

interface ScenarioBase {
  /** Stable per café ('win-back', or an id the owner's copy was given): part of every message key. */
  id: string;
  cooldownDays: number;
  holdoutPercent: number;
}

export type Scenario =
  | (ScenarioBase & { kind: 'segment-entry'; segment: SegmentId; rewards: RewardTable })
  | (ScenarioBase & { kind: 'newcomer-no-return'; afterDays: number; reward: Reward | null })
  | (ScenarioBase & { kind: 'birthday'; daysBefore: number; reward: Reward | null })
  | (ScenarioBase & { kind: 'first-visit-anniversary'; daysBefore: number; reward: Reward | null })
  | (ScenarioBase & { kind: 'points-expiring'; daysBefore: number; minPoints: number });

export type ScenarioKind = Scenario['kind'];
export type DailyScenario = Exclude<Scenario, { kind: 'segment-entry' }>;

const points = (n: number): Reward => ({ kind: 'points', points: n });

/**
 * A win-back sized by what the guest paid in the last 90 days: a cup of coffee for an
 * occasional guest, more for one the café would miss more.
 */
export const DEFAULT_WIN_BACK_REWARDS: RewardTable = [
  { fromSpend: kopecks(0), reward: points(100) },
  { fromSpend: kopecks(1_500_00), reward: points(200) },
  { fromSpend: kopecks(5_000_00), reward: points(300) },
  { fromSpend: kopecks(10_000_00), reward: points(500) },
];

/**
 * A win-back with a personal promotion instead of points: the same spend rows, each granting
 * the promotion with its benefit sized for that spend (personal.ts `sizeBenefit`).
 */
export function promotionRewards(promotionId: string, base: Benefit, tiers: SpendTiers = DEFAULT_SPEND_TIERS): RewardTable {
  return tiers.map((row) => ({ fromSpend: row.fromSpend, reward: { kind: 'promotion', promotionId, benefit: sizeBenefit(base, row.fromSpend, tiers) } }));
}

/** The scenarios a café starts with (each off until the owner turns it on). */
export const DEFAULT_SCENARIOS = {
  winBack: {
    id: 'win-back',
    kind: 'segment-entry',
    segment: 'leaving',
    rewards: DEFAULT_WIN_BACK_REWARDS,
    cooldownDays: 60,
    holdoutPercent: DEFAULT_HOLDOUT_PERCENT,
  },
  newcomer: { id: 'newcomer', kind: 'newcomer-no-return', afterDays: 7, reward: null, cooldownDays: 0, holdoutPercent: DEFAULT_HOLDOUT_PERCENT },
  birthday: { id: 'birthday', kind: 'birthday', daysBefore: 3, reward: null, cooldownDays: 0, holdoutPercent: DEFAULT_HOLDOUT_PERCENT },
  anniversary: { id: 'anniversary', kind: 'first-visit-anniversary', daysBefore: 0, reward: null, cooldownDays: 0, holdoutPercent: DEFAULT_HOLDOUT_PERCENT },
  pointsExpiring: { id: 'points-expiring', kind: 'points-expiring', daysBefore: 7, minPoints: 1, cooldownDays: 0, holdoutPercent: DEFAULT_HOLDOUT_PERCENT },
} as const satisfies Record<string, Scenario>;

export type ScenarioProblem =
  | 'scenario-cooldown-invalid'
  | 'scenario-days-invalid'
  | 'scenario-min-points-invalid'
  | 'scenario-holdout-invalid'
  | 'scenario-reward-invalid'
  | 'scenario-segment-missing'
  | 'rewards-empty'
  | 'rewards-first-not-zero'
  | 'rewards-not-ascending';

const wholeIn = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

export function checkScenario(s: Scenario): ScenarioProblem | null {
  if (!wholeIn(s.cooldownDays, 0, 366)) return 'scenario-cooldown-invalid';
  if (checkHoldoutPercent(s.holdoutPercent)) return 'scenario-holdout-invalid';
  switch (s.kind) {
    case 'segment-entry':
      if (s.segment.trim() === '') return 'scenario-segment-missing';
      return checkRewardTable(s.rewards);
    case 'newcomer-no-return':
      if (!wholeIn(s.afterDays, 1, 60)) return 'scenario-days-invalid';
      return checkReward(s.reward);
    case 'birthday':
    case 'first-visit-anniversary':
      if (!wholeIn(s.daysBefore, 0, 30)) return 'scenario-days-invalid';
      return checkReward(s.reward);
    case 'points-expiring':
      if (!wholeIn(s.daysBefore, 0, 60)) return 'scenario-days-invalid';
      return wholeIn(s.minPoints, 1, 1_000_000) ? null : 'scenario-min-points-invalid';
  }
}

export function checkRewardTable(table: RewardTable): ScenarioProblem | null {
  if (table.length === 0) return 'rewards-empty';
  if (table[0]!.fromSpend !== 0) return 'rewards-first-not-zero';
  for (let i = 1; i < table.length; i += 1) if (!(table[i]!.fromSpend > table[i - 1]!.fromSpend)) return 'rewards-not-ascending';
  for (const row of table) if (checkReward(row.reward)) return 'scenario-reward-invalid';
  return null;
}

function checkReward(r: Reward | null): ScenarioProblem | null {
  if (r === null) return null;
  if (r.kind === 'points') return wholeIn(r.points, 1, 100_000) ? null : 'scenario-reward-invalid';
  return r.promotionId.trim() === '' ? 'scenario-reward-invalid' : null;
}

/** The reward for a guest who paid `spend` in the last 90 days. */
export function rewardFor(table: RewardTable, spend: Kopecks): Reward {
  let chosen = table[0];
  for (const row of table) if (spend >= row.fromSpend) chosen = row;
  if (!chosen) throw new RangeError('reward table is empty');
  return chosen.reward;
}

/** One firing of a scenario for one guest: what to queue. */
export interface Occurrence {
  scenarioId: string;
  kind: ScenarioKind;
  guestId: GuestId;
  /** Tells this firing from others for the guest: a café date (YYYY-MM-DD) or a year. */
  occurrence: string;
  key: MessageKey;
  /** The café day the message is for (it still waits for quiet hours to end). */
  dueOn: LocalDate;
  heldOut: boolean;
  reward: Reward | null;
  /** Values for the text: the occasion's date (`{date}`), points about to expire (`{expiring}`). */
  date: LocalDate | null;
  expiringPoints: number | null;
}

/** A guest's move between segments, as a push, an import, the daily job or a rule change records it. */
export interface SegmentChange {
  guestId: GuestId;
  from: SegmentId | null;
  to: SegmentId;
  at: Date;
  /** 'move': the guest's own doing (a purchase, a void, time passing); 'rules': the owner edited the rules. */
  kind: 'move' | 'rules';
}

export interface EntryFacts {
  /** Paid money (amount − discount − points) of the guest's purchases in the 90 café days up to the change. */
  paidSpend90Days: Kopecks;
  /** The last café day this scenario fired for the guest, before these changes. */
  lastFiredOn: LocalDate | null;
}

/** Who entered the scenario's segment, oldest change first. */
export function detectSegmentEntries(
  scenario: Extract<Scenario, { kind: 'segment-entry' }>,
  changes: readonly SegmentChange[],
  facts: (guestId: GuestId) => EntryFacts,
  zone: TimeZone,
): Occurrence[] {
  const entries = changes
    .filter((c) => c.kind === 'move' && c.to === scenario.segment && c.from !== scenario.segment)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.guestId < b.guestId ? -1 : a.guestId > b.guestId ? 1 : 0));
  const fired = new FiringLog(scenario.cooldownDays);
  const out: Occurrence[] = [];
  for (const c of entries) {
    const f = facts(c.guestId);
    const day = localDateOf(c.at, zone);
    if (!fired.mayFire(c.guestId, day, f.lastFiredOn)) continue;
    fired.record(c.guestId, day);
    out.push(occurrence(scenario, c.guestId, day, day, rewardFor(scenario.rewards, f.paidSpend90Days), null, null));
  }
  return out;
}

/** What the daily detectors read of a guest. */
export interface GuestFacts {
  guestId: GuestId;
  birthday: LocalDate | null;
  firstPurchaseAt: Date | null;
  /** Non-voided purchases as of now. */
  purchaseCount: number;
  /** The guest's unspent points by the last café day they can still be spent. */
  expiring: readonly { lastDay: LocalDate; points: number }[];
  /** The last café day this scenario fired for the guest. */
  lastFiredOn: LocalDate | null;
}

/** The café days to look at, both included: today, or every day since the job last ran. */
export interface DayRange {
  from: LocalDate;
  to: LocalDate;
}

/** Whom a date-driven scenario fires for on the given café days, by due day. */
export function detectDue(scenario: DailyScenario, guests: readonly GuestFacts[], days: DayRange, zone: TimeZone): Occurrence[] {
  if (days.from > days.to) return [];
  const candidates: { guest: GuestFacts; due: LocalDate; tag: string; date: LocalDate | null; expiring: number | null }[] = [];
  const inRange = (d: LocalDate) => d >= days.from && d <= days.to;
  for (const guest of guests) {
    switch (scenario.kind) {
      case 'newcomer-no-return': {
        if (guest.firstPurchaseAt === null || guest.purchaseCount !== 1) break;
        const first = localDateOf(guest.firstPurchaseAt, zone);
        const due = addCalendarDays(first, scenario.afterDays);
        if (inRange(due)) candidates.push({ guest, due, tag: first, date: null, expiring: null });
        break;
      }
      case 'birthday':
      case 'first-visit-anniversary': {
        const origin = scenario.kind === 'birthday' ? guest.birthday : guest.firstPurchaseAt && localDateOf(guest.firstPurchaseAt, zone);
        if (!origin) break;
        const firstYear = Number(days.from.slice(0, 4));
        // The occasion may lie up to daysBefore after the last day looked at, so in the next year.
        for (let year = firstYear; year <= Number(days.to.slice(0, 4)) + 1; year += 1) {
          if (year <= Number(origin.slice(0, 4))) continue;
          const occasion = anniversaryIn(origin, year);
          const due = addCalendarDays(occasion, -scenario.daysBefore);
          if (inRange(due)) candidates.push({ guest, due, tag: String(year), date: occasion, expiring: null });
        }
        break;
      }
      case 'points-expiring': {
        const byDay = new Map<LocalDate, number>();
        for (const lot of guest.expiring) byDay.set(lot.lastDay, (byDay.get(lot.lastDay) ?? 0) + lot.points);
        for (const [lastDay, total] of byDay) {
          const due = addCalendarDays(lastDay, -scenario.daysBefore);
          if (total >= scenario.minPoints && inRange(due)) candidates.push({ guest, due, tag: lastDay, date: lastDay, expiring: total });
        }
        break;
      }
    }
  }
  candidates.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.guest.guestId < b.guest.guestId ? -1 : a.guest.guestId > b.guest.guestId ? 1 : 0));
  const fired = new FiringLog(scenario.cooldownDays);
  const out: Occurrence[] = [];
  for (const c of candidates) {
    if (!fired.mayFire(c.guest.guestId, c.due, c.guest.lastFiredOn)) continue;
    fired.record(c.guest.guestId, c.due);
    const reward = scenario.kind === 'points-expiring' ? null : scenario.reward;
    out.push(occurrence(scenario, c.guest.guestId, c.tag, c.due, reward, c.date, c.expiring));
  }
  return out;
}

/**
 * The date of an anniversary of `origin` in `year`. One born on 29 February celebrates on
 * 28 February in a common year, as the Civil Code counts a term ending in a month without
 * that day (art. 192: the last day of the month).
 */
export function anniversaryIn(origin: LocalDate, year: number): LocalDate {
  const monthDay = origin.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const yyyy = String(year).padStart(4, '0');
  return `${yyyy}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}` as LocalDate;
}

function occurrence(
  scenario: Scenario,
  guestId: GuestId,
  tag: string,
  dueOn: LocalDate,
  reward: Reward | null,
  date: LocalDate | null,
  expiringPoints: number | null,
): Occurrence {
  const key = messageKey({ kind: 'scenario', scenarioId: scenario.id, occurrence: tag }, guestId);
  return {
    scenarioId: scenario.id,
    kind: scenario.kind,
    guestId,
    occurrence: tag,
    key,
    dueOn,
    heldOut: isHeldOut(scenario.id, key, scenario.holdoutPercent),
    reward,
    date,
    expiringPoints,
  };
}

/** Cooldown and once-per-key within one call, on top of what the guest's `lastFiredOn` says. */
class FiringLog {
  private readonly last = new Map<GuestId, LocalDate>();
  constructor(private readonly cooldownDays: number) {}

  mayFire(guestId: GuestId, day: LocalDate, lastFiredBefore: LocalDate | null): boolean {
    const last = this.last.get(guestId) ?? lastFiredBefore;
    if (last === null) return true;
    const since = calendarDaysBetween(last, day);
    // A firing on this very day is this occurrence or one the key already guards; an
    // earlier one must be a full cooldown ago.
    return since > 0 && since >= this.cooldownDays;
  }

  record(guestId: GuestId, day: LocalDate): void {
    this.last.set(guestId, day);
  }
}
