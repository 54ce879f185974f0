import { DEFAULT_TIME_ZONE, type TimeZone } from '../../shared/domain/calendar.ts';
import type { CafeId } from '../../shared/domain/ids.ts';
import { newId } from '../new-id.ts';
import { DEFAULT_RULES } from '../../shared/segments/presets.ts';
import { ruleSetSchema } from '../../shared/segments/rule-set-schema.ts';
import type { RuleSet } from '../../shared/segments/rules.ts';
import type { Sql } from '../db/db.ts';

export interface Cafe {
  id: CafeId;
  name: string;
  timeZone: TimeZone;
  rules: RuleSet;
  /** Café days after a sale's own that a tablet may still void it (shared/domain/void-window.ts). */
  voidWindowDays: number;
}

interface CafeRow {
  id: string;
  name: string;
  time_zone: string;
  rule_set: unknown;
  void_window_days: number;
}

const toCafe = (r: CafeRow): Cafe => ({
  id: r.id as CafeId,
  name: r.name,
  timeZone: r.time_zone as TimeZone,
  rules: ruleSetSchema.parse(r.rule_set),
  voidWindowDays: r.void_window_days,
});

/** The café this server runs, created with the defaults on first use. */
export async function ensureCafe(sql: Sql): Promise<Cafe> {
  const existing = await sql.query<CafeRow>('SELECT id, name, time_zone, rule_set, void_window_days FROM cafes ORDER BY created_at LIMIT 1');
  if (existing[0]) return toCafe(existing[0]);
  const rows = await sql.query<CafeRow>(
    `INSERT INTO cafes (id, name, time_zone, rule_set) VALUES ($1, $2, $3, $4)
     RETURNING id, name, time_zone, rule_set, void_window_days`,
    [newId(), 'Кофейня', DEFAULT_TIME_ZONE, JSON.stringify(DEFAULT_RULES)],
  );
  return toCafe(rows[0]!);
}

// A new zone or new rules make the recorded segments and the recent window another day's: the
// day is marked undone until the daily job (or the settings route, at once) records it again.
export async function setTimeZone(sql: Sql, cafeId: CafeId, zone: TimeZone): Promise<void> {
  await sql.query("UPDATE cafes SET time_zone = $2, updated_at = now(), version = nextval('change_seq'), last_resegment_day = NULL WHERE id = $1", [
    cafeId,
    zone,
  ]);
}

export async function setRuleSet(sql: Sql, cafeId: CafeId, rules: RuleSet): Promise<void> {
  await sql.query("UPDATE cafes SET rule_set = $2, updated_at = now(), version = nextval('change_seq'), last_resegment_day = NULL WHERE id = $1", [
    cafeId,
    JSON.stringify(ruleSetSchema.parse(rules)),
  ]);
}

/** The owner's settings, in one statement; tablets pull them with the next change number. No void window: the one set stays. */
export async function updateCafe(
  sql: Sql,
  cafeId: CafeId,
  settings: { name: string; timeZone: TimeZone; rules: RuleSet; voidWindowDays?: number | undefined },
): Promise<void> {
  await sql.query(
    `UPDATE cafes SET name = $2, time_zone = $3, rule_set = $4, void_window_days = COALESCE($5, void_window_days),
       updated_at = now(), version = nextval('change_seq'), last_resegment_day = NULL WHERE id = $1`,
    [cafeId, settings.name, settings.timeZone, JSON.stringify(ruleSetSchema.parse(settings.rules)), settings.voidWindowDays ?? null],
  );
}

export async function cafeById(sql: Sql, id: CafeId): Promise<Cafe> {
  const rows = await sql.query<CafeRow>('SELECT id, name, time_zone, rule_set, void_window_days FROM cafes WHERE id = $1', [id]);
  if (!rows[0]) throw new Error(`no café ${id}`);
  return toCafe(rows[0]);
}
