/**
 * What the owner waits for on each screen, with a large café generated inside the database:
 * 1,000,000 guests and 20,000,000 purchases on PostgreSQL, 100,000 guests and 2,000,000
 * purchases on PGlite. Purchases spread over two years (more guests joined lately, many
 * stopped coming), 0.5 % voided; the aggregates are computed from them; segment history
 * holds a baseline from long ago plus, for the last 26 weeks, a move at a quarter of the
 * purchases and the day-15 and day-61 moves time causes after each guest's last visit; the
 * daily job has run for END's day (so the recent window is in place, as on a live server).
 */
import type { Db } from '../server/db/db.ts';
import { resegmentIfNewDay } from '../server/segments/resegment.ts';
import { ensureCafe } from '../server/cafe/cafes.repo.ts';
import { movementReport, trendReport } from '../server/segments/movements.repo.ts';
import { segmentGuests } from '../server/segments/segment-guests.repo.ts';
import { recordSegmentChanges, segmentReport } from '../server/segments/segments.repo.ts';
import { freshDb, type BackendName } from './backends.ts';
import { percentile, record, timeCalls } from './results.ts';

const END = new Date('2026-11-22T09:00:00Z');
const RUNS = 20;
const SIZES: Record<BackendName, { guests: number; purchases: number }> = {
  postgres: { guests: 1_000_000, purchases: 20_000_000 },
  pglite: { guests: 100_000, purchases: 2_000_000 },
};

export async function generateCafeInDb(db: Db, guests: number, purchases: number, log: (s: string) => void): Promise<void> {
  const cafe = await ensureCafe(db);
  await db.query('SELECT setseed(0.42)');
  log('guests');
  await db.query(
    `INSERT INTO guests (id, cafe_id, phone, registered_at, registered_via)
     SELECT gen_random_uuid(), $1, '+79' || lpad(n::text, 9, '0'), $2::timestamptz - power(random(), 1.5) * interval '730 days', 'import'
     FROM generate_series(1, $3::int) n`,
    [cafe.id, END.toISOString(), guests],
  );
  // Each guest comes from registration until they stopped (40 % still come) at a rate of
  // their own (exponentially spread), scaled so the café has the purchases asked for.
  await db.query(
    `CREATE TABLE bench_plan AS
     SELECT id, registered_at, until, -ln(1 - random()) * extract(epoch FROM until - registered_at) / 86400 AS weight
     FROM (SELECT id, registered_at, registered_at + (CASE WHEN random() < 0.4 THEN 1 ELSE random() END) * ($2::timestamptz - registered_at) AS until
           FROM guests WHERE cafe_id = $1) g`,
    [cafe.id, END.toISOString()],
  );
  const [{ rate }] = (await db.query<{ rate: number }>('SELECT ($1::float8 - count(*)) / sum(weight) AS rate FROM bench_plan', [purchases])) as [
    { rate: number },
  ];
  // 20 million random inserts into three indexes take the better part of an hour here: the
  // secondary indexes are dropped and built again after (from their own definitions), and ids
  // are time-ordered as the tablets' UUID v7 are, written in time order within each part.
  const indexes = await db.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'purchases' AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
  );
  for (const ix of indexes) await db.exec(`DROP INDEX ${ix.name}`);
  for (let part = 0; part < 10; part++) {
    log(`purchases ${part + 1}/10`);
    await db.query(
      `INSERT INTO purchases (id, cafe_id, guest_id, purchased_at, amount, source, received_at)
       SELECT overlay(gen_random_uuid()::text PLACING regexp_replace(lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0'), '^(.{8})', '\\1-') FROM 1 FOR 13)::uuid,
              $1, guest_id, at, amount, 'bench', at
       FROM (
         SELECT g.id AS guest_id,
                CASE WHEN k = 0 THEN g.registered_at ELSE g.registered_at + random() * (g.until - g.registered_at) END AS at,
                greatest(8000, floor(exp(ln(35000) + 0.6 * (random() + random() + random() - 1.5))))::bigint AS amount
         FROM bench_plan g, generate_series(0, floor(g.weight * $2::float8)::int) k
         WHERE abs(hashtext(g.id::text)) % 10 = $3
       ) p ORDER BY at`,
      [cafe.id, rate, part],
    );
  }
  log('indexes');
  if (db.kind === 'postgres') await db.exec("SET maintenance_work_mem = '1GB'");
  for (const ix of indexes) await db.exec(ix.def);
  await db.exec('DROP TABLE bench_plan');
  log('voids and aggregates');
  await db.query(
    `INSERT INTO purchase_voids (purchase_id, voided_at, reason, guest_id) SELECT id, purchased_at + interval '5 minutes', 'bench', guest_id FROM purchases WHERE random() < 0.005`,
  );
  await db.query(
    `INSERT INTO guest_stats (guest_id, cafe_id, registered_at, purchase_count, first_purchase_at, last_purchase_at, total_spend)
     SELECT g.id, $1, g.registered_at, count(p.id)::int, min(p.purchased_at), max(p.purchased_at), coalesce(sum(p.amount), 0)
     FROM guests g LEFT JOIN purchases p ON p.guest_id = g.id AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id)
     WHERE g.cafe_id = $1 GROUP BY g.id, g.registered_at`,
    [cafe.id],
  );
  log('segment history');
  await db.transaction((tx) => recordSegmentChanges(tx, cafe, END, undefined, 'rules'));
  await db.query("UPDATE segment_history SET at = at - interval '800 days'");
  const ids = cafe.rules.segments.map((s) => s.id);
  await db.query(
    `INSERT INTO segment_history (cafe_id, guest_id, from_segment, to_segment, at, rule_set_id, kind)
     SELECT $1, guest_id, ($3::text[])[1 + floor(random() * 5)::int], ($3::text[])[1 + floor(random() * 5)::int], purchased_at, $4, 'move'
     FROM purchases WHERE purchased_at > $2::timestamptz - interval '182 days' AND random() < 0.25`,
    [cafe.id, END.toISOString(), ids, cafe.rules.id],
  );
  await db.query(
    `INSERT INTO segment_history (cafe_id, guest_id, from_segment, to_segment, at, rule_set_id, kind)
     SELECT $1, guest_id, m.from_segment, m.to_segment, last_purchase_at + m.after, $3, 'move'
     FROM guest_stats, (VALUES ('active', 'leaving', interval '15 days'), ('leaving', 'sleeping', interval '61 days')) AS m (from_segment, to_segment, after)
     WHERE cafe_id = $1 AND last_purchase_at + m.after BETWEEN $2::timestamptz - interval '182 days' AND $2::timestamptz`,
    [cafe.id, END.toISOString(), cafe.rules.id],
  );
  // The rollup the reports read, as recordSegmentChanges keeps it (0004_owner.sql).
  await db.exec('DELETE FROM segment_moves');
  await db.exec(
    `INSERT INTO segment_moves (cafe_id, hour, from_segment, to_segment, kind, rule_set_id, moves)
     SELECT cafe_id, date_trunc('hour', at), coalesce(from_segment, ''), to_segment, kind, rule_set_id, count(*) FROM segment_history GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  // What the daily job has done by the morning of END: the recent window reports keep.
  await resegmentIfNewDay(db, cafe.id, END);
  for (const table of ['guests', 'purchases', 'purchase_voids', 'guest_stats', 'segment_history', 'segment_moves']) await db.exec(`VACUUM ANALYZE ${table}`);
}

export async function benchOwnerReports(backends: BackendName[]): Promise<void> {
  for (const backend of backends) {
    // BENCH_SCALE=0.01 tries the whole benchmark on a small café first.
    const scale = Number(process.env.BENCH_SCALE ?? 1);
    const size = { guests: Math.round(SIZES[backend].guests * scale), purchases: Math.round(SIZES[backend].purchases * scale) };
    const { db, dispose } = await freshDb(backend);
    try {
      const started = performance.now();
      await generateCafeInDb(db, size.guests, size.purchases, (s) => console.log(`  ${backend}: generating ${s}…`));
      const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM purchases')) as [{ n: number }];
      const [{ h }] = (await db.query<{ h: number }>("SELECT count(*)::int AS h FROM segment_history WHERE at > $1::timestamptz - interval '90 days'", [
        END.toISOString(),
      ])) as [{ h: number }];
      const data = `${size.guests.toLocaleString('en')} guests, ${n.toLocaleString('en')} purchases, ${h.toLocaleString('en')} history rows in the last 90 days (generated in ${((performance.now() - started) / 1000).toFixed(0)} s)`;
      const cafe = await ensureCafe(db);
      const checks: [string, () => Promise<unknown>, string | undefined][] = [
        ['segments today (counts, shares, 30-day revenue and check)', () => segmentReport(db, cafe, END), backend === 'postgres' ? '≤ 300 ms' : undefined],
        ['movements, last 90 days', () => movementReport(db, cafe, END, 90), backend === 'postgres' ? '≤ 500 ms' : undefined],
        ['movements, last 7 days', () => movementReport(db, cafe, END, 7), undefined],
        ['trend, 26 weeks', () => trendReport(db, cafe, END, 26), undefined],
        [
          "a segment's guests, first page of 100 by last visit",
          () => segmentGuests(db, cafe, END, { segment: 'sleeping', sort: 'lastVisit', dir: 'desc', offset: 0, limit: 100 }),
          undefined,
        ],
      ];
      for (const [what, fn, target] of checks) {
        const samples = await timeCalls(RUNS, fn);
        for (const p of [50, 95]) {
          record({
            what: `owner: ${what}, ${size.guests} guests, ${backend}, p${p}`,
            value: percentile(samples, p),
            unit: 'ms',
            how: `${RUNS} calls after 3 warm-up calls, wall time per call, on ${data}`,
            ...(target && p === 95 ? { target } : {}),
          });
        }
      }
    } finally {
      await dispose();
    }
  }
}
