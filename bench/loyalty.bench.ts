/**
 * The owner's programme report on a large café generated inside the database: 1,000,000 guests
 * on PostgreSQL (100,000 on PGlite), each with a welcome bonus, up to 24 accruals over two
 * years and, for a fifth of them, a redemption; 0.3 % overdrawn with a recorded overdraft.
 * The balance rows, per-hour totals and overdrafts are derived from those entries as the ledger
 * keeps them (server/loyalty/ledger.repo.ts). The report reads the totals and the overdrawn
 * balances only; the ledger is there so the tables are the size they would be.
 */
import { ensureCafe } from '../server/cafe/cafes.repo.ts';
import type { Db } from '../server/db/db.ts';
import { readLoyaltyReport } from '../server/loyalty/report.repo.ts';
import { freshDb, type BackendName } from './backends.ts';
import { percentile, record, timeCalls } from './results.ts';

const END = new Date('2026-11-22T09:00:00Z');
const RUNS = 20;
const GUESTS: Record<BackendName, number> = { postgres: 1_000_000, pglite: 100_000 };

export async function generateLedgerInDb(db: Db, guests: number, log: (s: string) => void): Promise<void> {
  const cafe = await ensureCafe(db);
  await db.query('SELECT setseed(0.17)');
  log('guests');
  await db.query(
    `INSERT INTO guests (id, cafe_id, phone, registered_at, registered_via)
     SELECT gen_random_uuid(), $1, '+79' || lpad(n::text, 9, '0'), $2::timestamptz - power(random(), 1.5) * interval '730 days', 'counter'
     FROM generate_series(1, $3::int) n`,
    [cafe.id, END.toISOString(), guests],
  );
  await db.query(
    `INSERT INTO devices (id, cafe_id, name, token_hash) SELECT gen_random_uuid(), $1, 'Стойка ' || n, md5(random()::text) FROM generate_series(1, 3) n`,
    [cafe.id],
  );
  const devices = (await db.query<{ id: string }>('SELECT id FROM devices WHERE cafe_id = $1', [cafe.id])).map((d) => d.id);
  // As for purchases in the owner bench: secondary indexes are built after the rows.
  const indexes = await db.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'loyalty_entries' AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
  );
  for (const ix of indexes) await db.exec(`DROP INDEX ${ix.name}`);
  log('ledger');
  await db.query(
    `INSERT INTO loyalty_entries (cafe_id, id, guest_id, kind, points, at, device_id, received_at)
     SELECT $1, gen_random_uuid(), g.id, e.kind, e.points, e.at, ($2::uuid[])[1 + floor(random() * 3)::int], e.at
     FROM guests g
     CROSS JOIN LATERAL (
       SELECT 'welcome' AS kind, 100 AS points, g.registered_at AS at
       UNION ALL
       SELECT 'accrual', 5 + floor(random() * 45)::int, g.registered_at + random() * ($3::timestamptz - g.registered_at)
       FROM generate_series(1, floor(random() * 25)::int)
       UNION ALL
       SELECT 'redemption', -(10 + floor(random() * 90)::int), g.registered_at + random() * ($3::timestamptz - g.registered_at)
       WHERE random() < 0.2
       UNION ALL
       SELECT 'redemption', -2000, $3::timestamptz - random() * interval '60 days'
       WHERE random() < 0.003
     ) e
     WHERE g.cafe_id = $1`,
    [cafe.id, devices, END.toISOString()],
  );
  log('indexes');
  if (db.kind === 'postgres') await db.exec("SET maintenance_work_mem = '1GB'");
  for (const ix of indexes) await db.exec(ix.def);
  log('balances, totals and overdrafts');
  await db.query(
    `INSERT INTO loyalty_balances (cafe_id, guest_id, balance, overdraft, oldest_lot_at, oldest_lot_points)
     SELECT $1, guest_id, sum(points), greatest(0, -sum(points)),
            CASE WHEN sum(points) > 0 THEN min(at) FILTER (WHERE points > 0) END,
            CASE WHEN sum(points) > 0 THEN least(sum(points), 100) END
     FROM loyalty_entries WHERE cafe_id = $1 GROUP BY guest_id`,
    [cafe.id],
  );
  await db.query(
    `INSERT INTO loyalty_totals (cafe_id, hour, kind, points, entries)
     SELECT $1, date_trunc('hour', received_at), kind, sum(points), count(*) FROM loyalty_entries WHERE cafe_id = $1 GROUP BY 2, 3`,
    [cafe.id],
  );
  await db.query(
    `INSERT INTO loyalty_overdrafts (cafe_id, entry_id, guest_id, points, device_ids, recorded_at)
     SELECT $1, e.id, e.guest_id, b.overdraft, ARRAY[e.device_id, ($2::uuid[])[1]], e.received_at
     FROM loyalty_entries e JOIN loyalty_balances b ON b.cafe_id = e.cafe_id AND b.guest_id = e.guest_id
     WHERE e.cafe_id = $1 AND e.points = -2000 AND b.overdraft > 0`,
    [cafe.id, devices],
  );
  for (const table of ['guests', 'loyalty_entries', 'loyalty_balances', 'loyalty_totals', 'loyalty_overdrafts']) await db.exec(`VACUUM ANALYZE ${table}`);
}

export async function benchLoyalty(backends: BackendName[]): Promise<void> {
  for (const backend of backends) {
    const guests = Math.round(GUESTS[backend] * Number(process.env.BENCH_SCALE ?? 1));
    const { db, dispose } = await freshDb(backend);
    try {
      const started = performance.now();
      await generateLedgerInDb(db, guests, (s) => console.log(`  ${backend}: generating ${s}…`));
      const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
      const data = `${guests.toLocaleString('en')} guests, ${(await count('loyalty_entries')).toLocaleString('en')} ledger entries, ${(
        await count('loyalty_totals')
      ).toLocaleString(
        'en',
      )} hourly totals, ${(await count('loyalty_overdrafts')).toLocaleString('en')} overdrafts (generated in ${((performance.now() - started) / 1000).toFixed(0)} s)`;
      const cafe = await ensureCafe(db);
      const checks: [string, () => Promise<unknown>, string | undefined][] = [
        ['programme report, all time', () => readLoyaltyReport(db, cafe.id, cafe.timeZone, {}), backend === 'postgres' ? '≤ 300 ms' : undefined],
        [
          'programme report, last 30 days',
          () => readLoyaltyReport(db, cafe.id, cafe.timeZone, { from: '2026-10-24' as never, to: '2026-11-22' as never }),
          backend === 'postgres' ? '≤ 300 ms' : undefined,
        ],
      ];
      for (const [what, fn, target] of checks) {
        const samples = await timeCalls(RUNS, fn);
        for (const p of [50, 95]) {
          record({
            what: `owner: ${what}, ${guests} guests, ${backend}, p${p}`,
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
