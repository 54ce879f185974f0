/**
 * Before the owner saves new thresholds (or another preset, or another time zone): how many
 * guests would move from which segment to which. Guests are sorted into cells of both rule
 * sets at once in SQL, and each cell is named twice by the shared classifier, so the preview
 * is exactly what saving would do, in one pass over the guests.
 */
import { localDateOf, type TimeZone } from '../../shared/domain/calendar.ts';
import type { RuleSet, SegmentId } from '../../shared/segments/rules.ts';
import type { RulesPreview } from '../../shared/api/settings.ts';
import type { Db } from '../db/db.ts';
import type { Cafe } from '../cafe/cafes.repo.ts';
import { bucketSql, Params, statsAsOfSql } from './segment-sql.ts';
import { cellNamer, withReportSettings } from './segments.repo.ts';

export async function previewRules(db: Db, cafe: Cafe, next: { rules: RuleSet; timeZone: TimeZone }, now: Date): Promise<RulesPreview> {
  const params = new Params();
  const cafeP = params.add(cafe.id);
  const nowP = params.add(now.toISOString());
  const before = bucketSql(cafe.rules, localDateOf(now, cafe.timeZone), cafe.timeZone, params);
  const after = bucketSql(next.rules, localDateOf(now, next.timeZone), next.timeZone, params);
  const columns = [...before.expressions.map((e, i) => `${e} AS a${i}`), ...after.expressions.map((e, i) => `${e} AS b${i}`)];
  const groups = [...before.metrics.map((_, i) => `a${i}`), ...after.metrics.map((_, i) => `b${i}`)].join(', ');
  const sql = `SELECT ${groups}, count(*)::int AS guests FROM (SELECT ${columns.join(', ')} FROM (${statsAsOfSql(cafeP, nowP, true)}) s) c GROUP BY ${groups}`;
  const rows = await withReportSettings(db, (tx) => tx.query<Record<string, number>>(sql, params.values));
  const nameBefore = cellNamer(cafe.rules, before, 'a');
  const nameAfter = cellNamer(next.rules, after, 'b');
  const pairs = new Map<string, { from: SegmentId; to: SegmentId; guests: number }>();
  for (const row of rows) {
    const from = nameBefore(row);
    const to = nameAfter(row);
    const key = `${from}\u0000${to}`;
    const pair = pairs.get(key) ?? { from, to, guests: 0 };
    pair.guests += row.guests!;
    pairs.set(key, pair);
  }
  const cells = [...pairs.values()];
  return {
    totalGuests: cells.reduce((n, c) => n + c.guests, 0),
    moved: cells.filter((c) => c.from !== c.to).reduce((n, c) => n + c.guests, 0),
    cells,
  };
}
