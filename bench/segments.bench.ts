/**
 * Time to compute segment counts as of a date, for 100,000 and 1,000,000 guests on each
 * back-end. Guests and their aggregates are generated inside the database (a seeded,
 * realistic spread of registrations, visits and spend) so the figure is the report alone.
 */
import type { Db } from '../server/db/db.ts';
import { ensureCafe } from '../server/cafe/cafes.repo.ts';
import { segmentReport } from '../server/segments/segments.repo.ts';
import { freshDb, type BackendName } from './backends.ts';
import { percentile, record, timeCalls } from './results.ts';

const END = new Date('2026-11-22T09:00:00Z');
const RUNS = 20;

export async function generateGuestStats(db: Db, guests: number): Promise<void> {
  const cafe = await ensureCafe(db);
  await db.query('SELECT setseed(0.42)');
  // registered up to 2 years ago; 0–60 purchases; last purchase between registration and the end.
  await db.query(
    `WITH g AS (
       SELECT gen_random_uuid() AS id, '+79' || lpad(n::text, 9, '0') AS phone,
              $2::timestamptz - random() * interval '730 days' AS registered_at,
              floor(power(random(), 2) * 60)::int AS purchases, random() AS recency
       FROM generate_series(1, $3::int) n
     ), ins AS (
       INSERT INTO guests (id, cafe_id, phone, registered_at, registered_via)
       SELECT id, $1, phone, registered_at, 'import' FROM g
     )
     INSERT INTO guest_stats (guest_id, cafe_id, registered_at, purchase_count, first_purchase_at, last_purchase_at, total_spend)
     SELECT id, $1, registered_at, purchases,
            CASE WHEN purchases > 0 THEN registered_at END,
            CASE WHEN purchases > 0 THEN registered_at + power(recency, 0.5) * ($2::timestamptz - registered_at) END,
            purchases * (20000 + floor(random() * 40000))::bigint
     FROM g`,
    [cafe.id, END.toISOString(), guests],
  );
  await db.exec('VACUUM ANALYZE guests');
  await db.exec('VACUUM ANALYZE guest_stats');
}

export async function benchSegments(backends: BackendName[]): Promise<void> {
  for (const backend of backends) {
    for (const guests of [100_000, 1_000_000]) {
      const { db, dispose } = await freshDb(backend);
      try {
        await generateGuestStats(db, guests);
        const cafe = await ensureCafe(db);
        const samples = await timeCalls(RUNS, async () => {
          const report = await segmentReport(db, cafe, END);
          if (report.totalGuests !== guests) throw new Error(`report counted ${report.totalGuests} of ${guests} guests`);
        });
        const target = backend === 'postgres' && guests === 1_000_000 ? '≤ 300 ms' : backend === 'pglite' && guests === 100_000 ? '≤ 150 ms' : undefined;
        for (const p of [50, 95]) {
          record({
            what: `segment counts as of a date, ${guests} guests, ${backend}, p${p}`,
            value: percentile(samples, p),
            unit: 'ms',
            how: `segmentReport (default rules) over generated guest_stats, ${RUNS} runs after 3 warm-up runs, wall time per call`,
            ...(target && p === 95 ? { target } : {}),
          });
        }
      } finally {
        await dispose();
      }
    }
  }
}
