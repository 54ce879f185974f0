/**
 * Automatic scenarios on the server: the owner's settings for each (off until turned on),
 * and their firing, always inside the transaction that observed the event:
 * - segment entries (the win-back) from the segment changes a push, an import or the daily
 *   resegment job records — never from a rule change, which is the owner's doing;
 * - date-driven scenarios (a newcomer who did not come back, birthdays, first-visit
 *   anniversaries) once per café day, for every day since the job last looked.
 *
 * Each occurrence is queued under its key (unique: seen twice, queued once), held out by its
 * key's hash (shared/mailings/holdout.ts `isHeldOut`), and recorded even when the guest has
 * no consent now (as skipped 'no-consent'), because a recorded occurrence is what the
 * cooldown counts from. The cap and quiet hours are the sender's, at send time. A personal
 * promotion the scenario offers is granted with the queue rows of the guests who are to get
 * the message (not the held-out, not those without consent), sized for the win-back by the
 * guest's paid spend over 90 days (shared/promotions/personal.ts).
 */
import type { ScenarioId, ScenarioPut } from '../../shared/api/mailings.ts';
import { addCalendarDays, type LocalDate, localDateOf, startOfLocalDay } from '../../shared/domain/calendar.ts';
import { DomainError } from '../../shared/domain/domain-error.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { type Kopecks, kopecks } from '../../shared/domain/money.ts';
import {
  DEFAULT_SCENARIOS,
  DEFAULT_WIN_BACK_REWARDS,
  type DailyScenario,
  detectDue,
  detectSegmentEntries,
  type GuestFacts,
  type Occurrence,
  promotionRewards,
  type Reward,
  type Scenario,
  type SegmentChange as SharedSegmentChange,
} from '../../shared/mailings/scenarios.ts';
import { allowedPlaceholders } from '../../shared/mailings/template.ts';
import { segmentIds } from '../../shared/segments/rules.ts';
import { type Cafe, cafeById } from '../cafe/cafes.repo.ts';
import type { Db, Sql } from '../db/db.ts';
import type { SegmentChange } from '../segments/segments.repo.ts';
import { checkText } from './mailings.ts';
import type { PointsLedger } from './points.ts';
import { insertQueueRows, type NewQueueRow } from './queue.repo.ts';
import { attachablePromotion, grantPromotions } from '../promotions/grants.repo.ts';
import { promotionById, type StoredPromotion } from '../promotions/promotions.repo.ts';

export interface ScenarioSettings extends ScenarioPut {
  id: ScenarioId;
  kind: Scenario['kind'];
}

const DEFAULTS: Record<ScenarioId, ScenarioSettings> = {
  'win-back': {
    id: 'win-back',
    kind: 'segment-entry',
    enabled: false,
    text: '{name}, мы скучаем! Заходите в «{cafe}» — будем рады вас видеть.',
    holdoutPercent: DEFAULT_SCENARIOS.winBack.holdoutPercent,
    cooldownDays: DEFAULT_SCENARIOS.winBack.cooldownDays,
    segment: 'leaving',
    offer: 'none',
  },
  newcomer: {
    id: 'newcomer',
    kind: 'newcomer-no-return',
    enabled: false,
    text: '{name}, спасибо, что заглянули в «{cafe}»! Будем рады видеть вас снова.',
    holdoutPercent: DEFAULT_SCENARIOS.newcomer.holdoutPercent,
    cooldownDays: 0,
    days: DEFAULT_SCENARIOS.newcomer.afterDays,
    offer: 'none',
  },
  birthday: {
    id: 'birthday',
    kind: 'birthday',
    enabled: false,
    text: '{name}, с наступающим днём рождения! Ждём вас в «{cafe}».',
    holdoutPercent: DEFAULT_SCENARIOS.birthday.holdoutPercent,
    cooldownDays: 0,
    days: DEFAULT_SCENARIOS.birthday.daysBefore,
    offer: 'none',
  },
  anniversary: {
    id: 'anniversary',
    kind: 'first-visit-anniversary',
    enabled: false,
    text: '{name}, ровно год назад вы впервые зашли в «{cafe}». Спасибо, что вы с нами!',
    holdoutPercent: DEFAULT_SCENARIOS.anniversary.holdoutPercent,
    cooldownDays: 0,
    days: DEFAULT_SCENARIOS.anniversary.daysBefore,
    offer: 'none',
  },
  'points-expiring': {
    id: 'points-expiring',
    kind: 'points-expiring',
    enabled: false,
    text: '{name}, {date} сгорят {expiring}. Успейте потратить их в «{cafe}»!',
    holdoutPercent: DEFAULT_SCENARIOS.pointsExpiring.holdoutPercent,
    cooldownDays: 0,
    days: DEFAULT_SCENARIOS.pointsExpiring.daysBefore,
    offer: 'none',
  },
};

export async function loadScenarios(sql: Sql, cafeId: CafeId, only?: { enabled: true }): Promise<ScenarioSettings[]> {
  const rows = await sql.query<{ id: ScenarioId; enabled: boolean; text: string; config: Partial<ScenarioPut> }>(
    `SELECT id, enabled, text, config FROM scenarios WHERE cafe_id = $1${only ? ' AND enabled' : ''}`,
    [cafeId],
  );
  const stored = new Map(rows.map((r) => [r.id, { ...DEFAULTS[r.id], ...r.config, enabled: r.enabled, text: r.text }]));
  if (only) return [...stored.values()];
  return (Object.keys(DEFAULTS) as ScenarioId[]).map((id) => stored.get(id) ?? DEFAULTS[id]);
}

/** The owner's edit: checked (a text it can fill; points only where the ledger exists), then saved. Nothing fires because of it. */
export async function saveScenario(db: Db, cafe: Cafe, id: ScenarioId, put: ScenarioPut, ledger: PointsLedger, now: Date): Promise<ScenarioSettings> {
  const s: ScenarioSettings = { ...DEFAULTS[id], ...put, id, kind: DEFAULTS[id].kind };
  if (s.kind === 'points-expiring' && s.enabled && !ledger.available) {
    throw new DomainError('points-unavailable', 'enabled: points about to expire needs bonus points, which are not available', 'enabled');
  }
  if (s.offer === 'promotion') {
    if (s.promotionId === undefined) throw new DomainError('invalid', 'promotionId: choose the personal promotion to send', 'promotionId');
    await attachablePromotion(db, cafe.id, s.promotionId, 'promotionId');
  }
  if (s.offer === 'points' && !ledger.available)
    throw new DomainError('points-unavailable', 'offer: point rewards need bonus points, which are not available yet', 'offer');
  if (s.kind === 'segment-entry' && !segmentIds(cafe.rules).includes(s.segment ?? '')) {
    throw new DomainError('unknown-segment', `segment: the café's rules have no segment "${s.segment}"`, 'segment');
  }
  if (s.offer === 'points' && s.kind !== 'segment-entry' && s.points === undefined) {
    throw new DomainError('invalid', 'points: how many points to give with the message', 'points');
  }
  if (s.kind === 'newcomer-no-return' && (s.days ?? 0) < 1) throw new DomainError('invalid', 'days: at least 1 day after the first visit', 'days');
  checkText(s.text, allowedPlaceholders(s.kind), ledger, 'text', s.offer === 'promotion');
  const { id: _id, kind: _kind, enabled, text, ...config } = s;
  await db.query(
    `INSERT INTO scenarios (cafe_id, id, enabled, text, config, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (cafe_id, id) DO UPDATE SET enabled = $3, text = $4, config = $5, updated_at = $6`,
    [cafe.id, id, enabled, text, JSON.stringify(config), now.toISOString()],
  );
  return s;
}

/**
 * The shared rules' view of a scenario's settings. `offer` is its personal promotion as it
 * stands now (null: none, or no longer one that can be granted): the win-back sizes its benefit
 * by the guest's paid spend, the other scenarios grant it as it is.
 */
export function toScenario(s: ScenarioSettings, offer: StoredPromotion | null = null): Scenario {
  const base = { id: s.id, cooldownDays: s.cooldownDays, holdoutPercent: s.holdoutPercent };
  const reward: Reward | null =
    s.offer === 'points' && s.points
      ? { kind: 'points', points: s.points }
      : s.offer === 'promotion' && offer
        ? { kind: 'promotion', promotionId: offer.id, benefit: null }
        : null;
  switch (s.kind) {
    case 'segment-entry':
      return {
        ...base,
        kind: 'segment-entry',
        segment: s.segment ?? 'leaving',
        rewards: offer ? promotionRewards(offer.id, offer.benefit) : DEFAULT_WIN_BACK_REWARDS,
      };
    case 'newcomer-no-return':
      return { ...base, kind: 'newcomer-no-return', afterDays: s.days ?? 7, reward };
    case 'birthday':
      return { ...base, kind: 'birthday', daysBefore: s.days ?? 3, reward };
    case 'first-visit-anniversary':
      return { ...base, kind: 'first-visit-anniversary', daysBefore: s.days ?? 0, reward };
    case 'points-expiring':
      return { ...base, kind: 'points-expiring', daysBefore: s.days ?? 7, minPoints: 1 };
  }
}

/** The last café day each guest's occurrence of this scenario was due. */
async function lastFired(tx: Sql, cafe: Cafe, scenarioId: string, guestIds: readonly string[]): Promise<Map<string, LocalDate>> {
  if (guestIds.length === 0) return new Map();
  const rows = await tx.query<{ guest_id: string; last: Date }>(
    `SELECT guest_id, max(due_at) AS last FROM message_queue WHERE cafe_id = $1 AND scenario_id = $2 AND guest_id = ANY($3::uuid[]) GROUP BY guest_id`,
    [cafe.id, scenarioId, guestIds],
  );
  return new Map(rows.map((r) => [r.guest_id, localDateOf(r.last, cafe.timeZone)]));
}

/** The scenario's personal promotion if it still can be granted (personal, not ended). */
async function scenarioOffer(tx: Sql, cafeId: CafeId, s: ScenarioSettings): Promise<StoredPromotion | null> {
  if (s.offer !== 'promotion' || s.promotionId === undefined) return null;
  const p = await promotionById(tx, cafeId, s.promotionId);
  return p?.personal && p.status !== 'ended' ? p : null;
}

async function queueOccurrences(tx: Sql, cafe: Cafe, occurrences: readonly Occurrence[], now: Date, withReward: boolean): Promise<number> {
  if (occurrences.length === 0) return 0;
  const consent = new Set(
    (
      await tx.query<{ id: string }>('SELECT id FROM guests WHERE cafe_id = $1 AND id = ANY($2::uuid[]) AND consent', [
        cafe.id,
        [...new Set(occurrences.map((o) => o.guestId))],
      ])
    ).map((r) => r.id),
  );
  const rows: NewQueueRow[] = occurrences.map((o) => {
    const due = startOfLocalDay(o.dueOn, cafe.timeZone);
    return {
      key: o.key,
      guestId: o.guestId,
      scenarioId: o.scenarioId,
      occurrence: o.occurrence,
      status: o.heldOut ? 'held-out' : consent.has(o.guestId) ? 'queued' : 'skipped',
      reason: o.heldOut || consent.has(o.guestId) ? null : 'no-consent',
      dueAt: due > now ? due : now,
      reward: withReward ? o.reward : null,
      vars: o.date || o.expiringPoints !== null ? { date: o.date, expiring: o.expiringPoints } : null,
    };
  });
  const queued = await insertQueueRows(tx, cafe.id, rows, now);
  // A personal promotion goes with the message: granted to the guests it is queued for, in this transaction.
  const grants = rows.flatMap((r) =>
    r.status === 'queued' && r.reward?.kind === 'promotion'
      ? [{ promotionId: r.reward.promotionId, guestId: r.guestId, benefit: r.reward.benefit ?? null }]
      : [],
  );
  // One call queues one scenario's occurrences.
  await grantPromotions(tx, cafe.id, grants, `scenario:${occurrences[0]!.scenarioId}`, now);
  return queued;
}

export interface EntryOptions {
  /** Whether a guest's first placement (from: null) counts as entering: yes for the counter, no for an import. */
  firstPlacementIsEntry: boolean;
}

/**
 * The segment-entry scenarios for changes a transaction just recorded. Cheap when nothing
 * can fire: one indexed read of the enabled scenarios, nothing more unless a change enters
 * a scenario's segment.
 */
export async function fireSegmentEntries(
  tx: Sql,
  cafeId: CafeId,
  changes: readonly SegmentChange[],
  now: Date,
  ledger: PointsLedger,
  options: EntryOptions = { firstPlacementIsEntry: true },
): Promise<number> {
  if (changes.length === 0) return 0;
  const enabled = (await loadScenarios(tx, cafeId, { enabled: true })).filter((s) => s.kind === 'segment-entry');
  let queued = 0;
  for (const settings of enabled) {
    const offer = await scenarioOffer(tx, cafeId, settings);
    const scenario = toScenario(settings, offer) as Extract<Scenario, { kind: 'segment-entry' }>;
    const entering = changes.filter((c) => c.to === scenario.segment && c.from !== scenario.segment && (c.from !== null || options.firstPlacementIsEntry));
    if (entering.length === 0) continue;
    const cafe = await cafeById(tx, cafeId);
    const ids = entering.map((c) => c.guestId);
    const fired = await lastFired(tx, cafe, scenario.id, ids);
    const withReward = (settings.offer === 'points' && ledger.available) || offer !== null;
    const spend = withReward ? await paidSpend90Days(tx, cafe, ids, now) : new Map<string, Kopecks>();
    const shared: SharedSegmentChange[] = entering.map((c) => ({ guestId: c.guestId, from: c.from, to: c.to, at: now, kind: 'move' }));
    const occurrences = detectSegmentEntries(
      scenario,
      shared,
      (g) => ({ paidSpend90Days: spend.get(g) ?? kopecks(0), lastFiredOn: fired.get(g) ?? null }),
      cafe.timeZone,
    );
    queued += await queueOccurrences(tx, cafe, occurrences, now, withReward);
  }
  return queued;
}

async function paidSpend90Days(tx: Sql, cafe: Cafe, guestIds: readonly GuestId[], now: Date): Promise<Map<string, Kopecks>> {
  const from = startOfLocalDay(addCalendarDays(localDateOf(now, cafe.timeZone), -89), cafe.timeZone);
  const rows = await tx.query<{ guest_id: string; paid: number }>(
    `SELECT r.guest_id, sum(r.paid)::bigint AS paid FROM purchases r
     WHERE r.cafe_id = $1 AND r.guest_id = ANY($2::uuid[]) AND r.purchased_at >= $3 AND r.purchased_at <= $4
       AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = r.id) GROUP BY r.guest_id`,
    [cafe.id, guestIds, from.toISOString(), now.toISOString()],
  );
  return new Map(rows.map((r) => [r.guest_id, kopecks(Number(r.paid))]));
}

/** How far back a late daily run looks (a server off for a week catches up, not for a year). */
const MAX_CATCH_UP_DAYS = 7;

/**
 * The date-driven scenarios for every café day since the last run, up to today, in one
 * transaction with the day marked done; running it again the same day does nothing.
 */
export async function fireDailyScenarios(db: Db, cafeId: CafeId, now: Date, ledger: PointsLedger): Promise<number | null> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('scenarios:' || $1::text))", [cafeId]);
    const cafe = await cafeById(tx, cafeId);
    const today = localDateOf(now, cafe.timeZone);
    const [row] = await tx.query<{ d: string | null }>('SELECT last_scenario_day::text AS d FROM mailing_settings WHERE cafe_id = $1', [cafeId]);
    const last = (row?.d ?? null) as LocalDate | null;
    if (last !== null && last >= today) return null;
    const earliest = addCalendarDays(today, -(MAX_CATCH_UP_DAYS - 1));
    let from = last === null ? today : addCalendarDays(last, 1);
    if (from < earliest) from = earliest;
    const days = { from, to: today };
    let queued = 0;
    for (const settings of await loadScenarios(tx, cafeId, { enabled: true })) {
      if (settings.kind === 'segment-entry' || (settings.kind === 'points-expiring' && !ledger.available)) continue;
      const offer = await scenarioOffer(tx, cafeId, settings);
      const scenario = toScenario(settings, offer) as DailyScenario;
      const guests =
        scenario.kind === 'points-expiring' ? await expiringFacts(tx, cafe, ledger, scenario.daysBefore, days) : await dailyFacts(tx, cafe, scenario, days);
      const fired = await lastFired(
        tx,
        cafe,
        scenario.id,
        guests.map((g) => g.guestId),
      );
      const occurrences = detectDue(
        scenario,
        guests.map((g) => ({ ...g, lastFiredOn: fired.get(g.guestId) ?? null })),
        days,
        cafe.timeZone,
      );
      queued += await queueOccurrences(tx, cafe, occurrences, now, (settings.offer === 'points' && ledger.available) || offer !== null);
    }
    await tx.query(`INSERT INTO mailing_settings (cafe_id, last_scenario_day) VALUES ($1, $2) ON CONFLICT (cafe_id) DO UPDATE SET last_scenario_day = $2`, [
      cafeId,
      today,
    ]);
    return queued;
  });
}

/** Guests whose oldest points can last be spent `daysBefore` days after one of these days. */
async function expiringFacts(tx: Sql, cafe: Cafe, ledger: PointsLedger, daysBefore: number, days: { from: LocalDate; to: LocalDate }): Promise<GuestFacts[]> {
  const lots = await ledger.expiringBetween(tx, cafe.id, addCalendarDays(days.from, daysBefore), addCalendarDays(days.to, daysBefore));
  return lots.map((l) => ({
    guestId: l.guestId,
    birthday: null,
    firstPurchaseAt: null,
    purchaseCount: 0,
    expiring: [{ lastDay: l.lastDay, points: l.points }],
    lastFiredOn: null,
  }));
}

/** The guests a date-driven scenario could fire for on these days, read narrowly in SQL. */
async function dailyFacts(tx: Sql, cafe: Cafe, s: DailyScenario, days: { from: LocalDate; to: LocalDate }): Promise<GuestFacts[]> {
  const zone = cafe.timeZone;
  type Row = { id: string; birthday: string | null; first_purchase_at: Date | null; purchase_count: number };
  const select = `SELECT g.id, g.birthday::text AS birthday, s.first_purchase_at, s.purchase_count FROM guests g JOIN guest_stats s ON s.guest_id = g.id WHERE g.cafe_id = $1`;
  let rows: Row[];
  if (s.kind === 'newcomer-no-return') {
    rows = await tx.query<Row>(`${select} AND s.purchase_count = 1 AND s.first_purchase_at >= $2 AND s.first_purchase_at < $3`, [
      cafe.id,
      startOfLocalDay(addCalendarDays(days.from, -s.afterDays), zone).toISOString(),
      startOfLocalDay(addCalendarDays(days.to, 1 - s.afterDays), zone).toISOString(),
    ]);
  } else {
    const monthDays = new Set<string>();
    for (let d = days.from; d <= days.to; d = addCalendarDays(d, 1)) {
      const occasion = addCalendarDays(d, s.daysBefore).slice(5);
      monthDays.add(occasion);
      if (occasion === '02-28') monthDays.add('02-29'); // celebrated on the 28th in a common year
    }
    const column = s.kind === 'birthday' ? 'g.birthday' : `(s.first_purchase_at AT TIME ZONE $3)::date`;
    rows = await tx.query<Row>(`${select} AND ${column} IS NOT NULL AND to_char(${column}, 'MM-DD') = ANY($2::text[])`, [
      cafe.id,
      [...monthDays],
      ...(s.kind === 'birthday' ? [] : [zone]),
    ]);
  }
  return rows.map((r) => ({
    guestId: r.id as GuestId,
    birthday: r.birthday as LocalDate | null,
    firstPurchaseAt: r.first_purchase_at,
    purchaseCount: r.purchase_count,
    expiring: [],
    lastFiredOn: null,
  }));
}
