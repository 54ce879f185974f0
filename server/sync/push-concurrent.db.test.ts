/**
 * Two tabs of one tablet (or a retry racing the first attempt) push the same batch at the
 * same moment: both are answered with every mutation acked, and everything is stored once —
 * guests, purchases, the guest's stats and the bonus ledger.
 */
import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, purchase, push, register, testApp } from '../../tests/support/sync-helpers.ts';
import { newId } from '../new-id.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describeOnBackends('the same batch pushed twice at once', ({ db }) => {
  it('acks it to both and stores it once', async () => {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const guests = [newId(), newId(), newId()];
    const batch = guests.flatMap((g, i) => [
      envelope(register(g, `+7917555000${i}`, at(-60))),
      envelope(purchase(g, 300_00, at(-30 + i))),
      envelope(purchase(g, 150_00, at(-20 + i))),
    ]);

    const answers = await Promise.all([push(app, token, batch, NOW), push(app, token, batch, NOW), push(app, token, batch, NOW)]);
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect([...a.body.acked].sort()).toEqual(batch.map((e) => e.mutationId).sort());
      expect(a.body.refused).toEqual([]);
    }
    const [counts] = await db().query<{ guests: number; purchases: number; applied: number }>(
      `SELECT (SELECT count(*)::int FROM guests) AS guests, (SELECT count(*)::int FROM purchases) AS purchases,
              (SELECT count(*)::int FROM applied_mutations) AS applied`,
    );
    expect(counts).toEqual({ guests: 3, purchases: 6, applied: 9 });
    const stats = await db().query<{ purchase_count: number; total_spend: string }>(
      'SELECT purchase_count, total_spend::text FROM guest_stats WHERE guest_id = ANY($1::uuid[]) ORDER BY guest_id',
      [guests],
    );
    expect(stats).toEqual(guests.map(() => ({ purchase_count: 2, total_spend: '45000' })));
    // Points are money: each purchase's accrual is in the ledger once.
    const accruals = await db().query<{ n: number; purchases: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT purchase_id)::int AS purchases FROM loyalty_entries WHERE kind = 'accrual'",
    );
    expect(accruals[0]).toEqual({ n: 6, purchases: 6 });
  });
});
