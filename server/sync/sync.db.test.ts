import { expect, it } from 'vitest';
import { newId } from '../new-id.ts';
import { type Envelope, PUSH_LIMIT } from '../../shared/sync/protocol.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import type { Db } from '../db/db.ts';
import { resegmentIfNewDay } from '../segments/resegment.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { createPairingCode, deviceByToken, listDevices, revokeDevice } from '../cafe/devices.repo.ts';
import { envelope, pairTablet, pullAll, purchase, push, register, testApp } from '../../tests/support/sync-helpers.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

async function state(db: Db) {
  return {
    guests: await db.query('SELECT id, phone, name FROM guests ORDER BY phone'),
    purchases: await db.query('SELECT id, guest_id, amount FROM purchases ORDER BY id'),
    stats: await db.query('SELECT guest_id, purchase_count, total_spend FROM guest_stats ORDER BY guest_id'),
    voids: await db.query('SELECT purchase_id FROM purchase_voids ORDER BY 1'),
  };
}

let n = 0;
const phone = () => `+7916${String(++n).padStart(7, '0')}`;

describeOnBackends('sync', ({ db }) => {
  it('pairs a tablet with a one-time code that lasts 10 minutes', async () => {
    const app = testApp(db(), () => NOW);
    const cafe = await ensureCafe(db());
    const claim = (code: string, a = app) =>
      a.request('/api/devices/claim', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'Касса 1' }) });
    const { code } = await createPairingCode(db(), cafe.id, NOW);
    const ok = await claim(code);
    expect(ok.status).toBe(200);
    expect((await ok.json()) as object).toMatchObject({ token: expect.stringMatching(/^[\w-]{40,}$/), cafeId: cafe.id });
    expect((await claim(code)).status).toBe(410);
    const late = await createPairingCode(db(), cafe.id, NOW);
    expect(
      (
        await claim(
          late.code,
          testApp(db(), () => at(11)),
        )
      ).status,
    ).toBe(410);
    expect(await (await claim('12345678')).json()).toMatchObject({ error: { code: 'code-unknown', field: 'code' } });
    expect(await (await claim('abc')).json()).toMatchObject({ error: { code: 'invalid', field: 'code' } });
    const stored = await db().query<{ token_hash: string }>('SELECT token_hash FROM devices');
    expect(stored.every((d) => !d.token_hash.includes(code))).toBe(true);
  });

  it('applies a batch once: a replay, or a retry after a lost response, changes nothing', async () => {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const g = newId();
    const batch = [envelope(register(g, phone(), at(-10))), envelope(purchase(g, 35000, at(-5))), envelope(purchase(g, 12000, at(-4)))];
    const first = await push(app, token, batch);
    expect(first.status).toBe(200);
    expect(first.body.acked).toEqual(batch.map((b) => b.mutationId));
    const after = await state(db());
    expect(after.stats.find((s) => s.guest_id === g)).toMatchObject({ purchase_count: 2, total_spend: 47000 });
    expect((await push(app, token, batch)).body.acked).toHaveLength(3);
    expect((await push(app, token, [...batch].reverse())).status).toBe(200);
    expect(await state(db())).toEqual(after);
    // A "restarted" server: a new app over the same storage.
    expect(
      (
        await push(
          testApp(db(), () => at(1)),
          token,
          batch,
        )
      ).status,
    ).toBe(200);
    expect(await state(db())).toEqual(after);
  });

  it.each([
    ['a negative amount', () => [envelope(purchase(newId(), -5, NOW))], 'invalid', 'mutations.0.mutation.amount'],
    ['an unknown kind', () => [{ ...envelope(purchase(newId(), 1, NOW)), mutation: { kind: 'guest.delete' } }], 'invalid', 'mutations.0.mutation.kind'],
    ['a bad phone', () => [envelope(register(newId(), '89160000000', NOW))], 'invalid', 'mutations.0.mutation.phone'],
    ['a purchase of an unknown guest', () => [envelope(purchase(newId(), 100, NOW))], 'unknown-guest', 'mutations.0'],
    [
      'a void of an unknown purchase',
      () => [envelope({ kind: 'purchase.void', purchaseId: newId(), reason: 'x', voidedAt: NOW.toISOString() })],
      'unknown-purchase',
      'mutations.0',
    ],
  ])('refuses %s alone, naming the code and field, storing nothing of it and applying the mutation behind it', async (_what, make, code, field) => {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const g = newId();
    await push(app, token, [envelope(register(g, phone(), at(-10)))]);
    const before = await state(db());
    const bad = make() as Envelope[];
    const behind = envelope(purchase(g, 100, at(-1)));
    const res = await push(app, token, [...bad, behind]);
    expect(res.status).toBe(200);
    expect(res.body.refused).toEqual([{ mutationId: bad[0]!.mutationId, code, message: expect.any(String), field }]);
    expect(res.body.acked).toEqual([behind.mutationId]);
    const after = await state(db());
    expect(after.purchases).toEqual(
      [...before.purchases, { id: (behind.mutation as { purchaseId: string }).purchaseId, guest_id: g, amount: 100 }].sort((a, b) =>
        String(a.id) < String(b.id) ? -1 : 1,
      ),
    );
    expect(after.guests).toEqual(before.guests);
    expect(after.voids).toEqual(before.voids);
    // The server keeps the refusal for the owner, by tablet; pushed again it is refused again, never acked.
    expect(await db().query('SELECT code, field FROM refused_mutations WHERE mutation_id = $1', [bad[0]!.mutationId])).toEqual([{ code, field }]);
    expect((await push(app, token, bad)).body.refused).toMatchObject([{ mutationId: bad[0]!.mutationId, code }]);
  });

  it('refuses a whole protocol-1 batch on any refusal, as protocol-1 tablets expect', async () => {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const before = await state(db());
    const res = await app.request('/api/sync/push', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({
        protocol: 1,
        deviceTime: NOW.toISOString(),
        mutations: [envelope(register(newId(), phone(), NOW)), envelope(purchase(newId(), 100, NOW))],
      }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'unknown-guest', field: 'mutations.1' } });
    expect(await state(db())).toEqual(before);
  });

  it("refuses oversized batches, bad and revoked tokens, another café's guests, and old clients", async () => {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const before = await state(db());
    const many = Array.from({ length: PUSH_LIMIT + 1 }, () => envelope(purchase(newId(), 100, NOW)));
    expect((await push(app, token, many)).status).toBe(400);
    const huge = await app.request('/api/sync/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: 'x'.repeat(1_100_000),
    });
    expect(huge.status).toBe(413);
    expect((await push(app, 'not-a-token', [])).body.error).toMatchObject({ code: 'bad-token' });
    expect((await app.request('/api/sync/pull')).status).toBe(401);
    const old = await app.request('/api/sync/push', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ protocol: 0, deviceTime: NOW.toISOString(), mutations: [] }),
    });
    // No tablet ever spoke protocol 0: it is a bad field, not an old app (see protocol.route.db.test.ts).
    expect(old.status).toBe(400);
    expect(await state(db())).toEqual(before);

    // A tablet of another café cannot touch this café's guests.
    const g = newId();
    await push(app, token, [envelope(register(g, phone(), NOW))]);
    const otherCafe = newId();
    await db().query("INSERT INTO cafes (id, name, rule_set) SELECT $1, 'Другая', rule_set FROM cafes LIMIT 1", [otherCafe]);
    await db().query("INSERT INTO devices (id, cafe_id, name, token_hash) VALUES ($1, $2, 'чужая', $3)", [
      newId(),
      otherCafe,
      (await import('../cafe/secrets.ts')).sha256('other-token'),
    ]);
    const mid = await state(db());
    expect((await push(app, 'other-token', [envelope(purchase(g, 100, NOW))])).body.refused).toMatchObject([{ code: 'unknown-guest' }]);
    expect(await state(db())).toEqual(mid);

    const device = await deviceByToken(db(), token);
    await revokeDevice(db(), device!.id, NOW);
    expect((await listDevices(db(), device!.cafeId)).find((d) => d.id === device!.id)?.revoked_at).toEqual(NOW);
    expect((await push(app, token, [])).body.error).toMatchObject({ code: 'token-revoked' });
  });

  it('makes one guest of a phone registered on two offline tablets, whichever arrives first', async () => {
    for (const order of ['earlier-first', 'later-first']) {
      const app = testApp(db(), () => NOW);
      const [a, b] = [await pairTablet(app, db(), NOW, 'A'), await pairTablet(app, db(), NOW, 'B')];
      const p = phone();
      const [ga, gb] = [newId(), newId()];
      const fromA = [envelope(register(ga, p, at(-30), 'Аня'), at(-30), 'A'), envelope(purchase(ga, 10000, at(-29)), at(-29), 'A')];
      const fromB = [
        envelope(register(gb, p, at(-20)), at(-20), 'B'),
        envelope(purchase(gb, 20000, at(-19)), at(-19), 'B'),
        envelope(purchase(gb, 30000, at(-18)), at(-18), 'B'),
      ];
      for (const [token, batch] of order === 'earlier-first'
        ? ([
            [a, fromA],
            [b, fromB],
          ] as const)
        : ([
            [b, fromB],
            [a, fromA],
          ] as const)) {
        expect((await push(app, token, [...batch])).status).toBe(200);
      }
      const guests = await db().query<{ id: string; name: string }>('SELECT id, name FROM guests WHERE phone = $1', [p]);
      expect(guests).toEqual([{ id: ga, name: 'Аня' }]);
      expect(await db().query('SELECT purchase_count, total_spend FROM guest_stats WHERE guest_id = $1', [ga])).toEqual([
        { purchase_count: 3, total_spend: 60000 },
      ]);
      for (const token of [a, b]) {
        const pages = await pullAll(app, token);
        expect(pages.flatMap((pg) => pg.merges)).toContainEqual({ from: gb, into: ga });
        expect(
          pages
            .flatMap((pg) => pg.guests)
            .filter((g) => g.phone === p)
            .map((g) => g.stats.purchaseCount),
        ).toEqual([3]);
      }
      // A late purchase of the merged-away id still lands on the one guest.
      await push(app, b, [envelope(purchase(gb, 5000, at(-1)), at(-1), 'B')]);
      expect(await db().query('SELECT purchase_count FROM guest_stats WHERE guest_id = $1', [ga])).toEqual([{ purchase_count: 4 }]);
    }
  });

  it('keeps the latest edit of each profile field by hybrid clock, not by arrival', async () => {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const g = newId();
    await push(app, token, [envelope(register(g, phone(), at(-60)))]);
    const older = envelope({ kind: 'guest.update', guestId: g, name: 'Старое' }, at(-10), 'B');
    const newer = envelope({ kind: 'guest.update', guestId: g, name: 'Новое', consent: { granted: true, at: at(-5).toISOString() } }, at(-5), 'A');
    await push(app, token, [newer]);
    await push(app, token, [older]);
    expect(await db().query('SELECT name, consent FROM guests WHERE id = $1', [g])).toEqual([{ name: 'Новое', consent: true }]);
  });

  it('keeps the device time beside the receive time and flags a clock more than 5 minutes ahead', async () => {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const g = newId();
    const res = await push(app, token, [envelope(register(g, phone(), NOW)), envelope(purchase(g, 100, at(30)))], at(30));
    expect(res.body).toMatchObject({ clockFlagged: true, clockAheadMs: 30 * 60_000 });
    expect(await db().query('SELECT clock_flagged, received_at FROM purchases WHERE guest_id = $1', [g])).toEqual([
      { clock_flagged: true, received_at: expect.any(Date) },
    ]);
    expect((await push(app, token, [], at(4))).body.clockFlagged).toBe(false);
  });

  it('pulls guests with server stats page by page, then nothing new; voids of its own purchases; settings once', async () => {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const g = newId();
    const p1 = newId();
    await push(app, token, [
      envelope(register(g, phone(), at(-100))),
      envelope(purchase(g, 100, at(-90), p1)),
      envelope({ kind: 'purchase.void', purchaseId: p1, reason: 'ошибка', voidedAt: at(-80).toISOString() }),
    ]);
    const pages = await pullAll(app, token);
    const all = pages.flatMap((p) => p.guests);
    expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
    expect(all.find((x) => x.id === g)!.stats).toEqual({ purchaseCount: 0, firstPurchaseAt: null, lastPurchaseAt: null, totalSpend: 0, tierSpend: 0 });
    expect(pages.flatMap((p) => p.voids)).toContainEqual({ purchaseId: p1, guestId: g });
    expect(pages[0]!.settings?.timeZone).toBe('Europe/Moscow');
    const again = await pullAll(app, token, pages.at(-1)!.cursor);
    expect(again).toEqual([expect.objectContaining({ guests: [], merges: [], voids: [], settings: null, balances: [], program: null, more: false })]);
  });

  it('records the moves time alone causes once per café day', async () => {
    const cafe = await ensureCafe(db());
    const first = await resegmentIfNewDay(db(), cafe.id, NOW);
    expect(first).not.toBeNull();
    expect(await resegmentIfNewDay(db(), cafe.id, at(60))).toBeNull();
    expect(await resegmentIfNewDay(db(), cafe.id, at(24 * 60))).not.toBeNull();
  });
});
