import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, pullAll, purchase, push, register, testApp } from '../../tests/support/sync-helpers.ts';
import { ownerSession } from '../../tests/support/owner-session.ts';
import { newId } from '../new-id.ts';

// The café is in Moscow (UTC+3): 2026-11-22 ends at 21:00 UTC.
const SALE = new Date('2026-11-22T06:00:00Z'); // 09:00
const LAST_MINUTE = new Date('2026-11-22T20:59:00Z'); // 23:59
const MIDNIGHT = new Date('2026-11-22T21:00:00Z'); // 00:00 on the 23rd

let n = 0;
const phone = () => `+7916${String(++n).padStart(7, '0')}`;
const voidOf = (purchaseId: string, at: Date) => envelope({ kind: 'purchase.void', purchaseId, reason: 'ошибка', voidedAt: at.toISOString() }, at);

describeOnBackends('the void window', ({ db }) => {
  /** A tablet with a guest and one sale at SALE; the server's clock is `clock.now`. */
  async function saleOnTablet() {
    const clock = { now: new Date(SALE.getTime() + 60_000) };
    const app = testApp(db(), () => clock.now);
    const token = await pairTablet(app, db(), clock.now);
    const g = newId();
    const sale = purchase(g, 50_000, SALE);
    const res = await push(app, token, [envelope(register(g, phone(), new Date(SALE.getTime() - 60_000))), envelope(sale)], clock.now);
    expect(res.body.acked).toHaveLength(2);
    return { app, token, clock, g, pid: (sale as { purchaseId: string }).purchaseId };
  }
  const voided = async (pid: string) => (await db().query('SELECT 1 FROM purchase_voids WHERE purchase_id = $1', [pid])).length === 1;

  const ownerOf = async (app: ReturnType<typeof testApp>) => {
    const as = await ownerSession(app, db(), `void${++n}@cafe.ru`);
    return (method: string, body?: unknown) => as(method, '/api/settings', body);
  };

  it("takes a void to the last minute of the sale's café day by default", async () => {
    const { app, token, clock, pid } = await saleOnTablet();
    clock.now = LAST_MINUTE;
    expect((await push(app, token, [voidOf(pid, LAST_MINUTE)], clock.now)).body.refused).toEqual([]);
    expect(await voided(pid)).toBe(true);
  });

  it('refuses a void from café midnight on, naming the field, keeps the sale and applies the mutation behind it', async () => {
    const { app, token, clock, g, pid } = await saleOnTablet();
    clock.now = MIDNIGHT;
    const next = purchase(g, 20_000, MIDNIGHT);
    const res = await push(app, token, [voidOf(pid, MIDNIGHT), envelope(next)], clock.now);
    expect(res.body.refused).toMatchObject([{ code: 'void-window-closed', field: 'mutations.0.mutation.voidedAt' }]);
    expect(res.body.acked).toHaveLength(1);
    expect(await voided(pid)).toBe(false);
    expect(await db().query('SELECT 1 FROM purchases WHERE id = $1', [(next as { purchaseId: string }).purchaseId])).toHaveLength(1);
  });

  it('judges a void sent late by the time it was made: a tablet offline over midnight still sends its shift’s void', async () => {
    const { app, token, clock, pid } = await saleOnTablet();
    clock.now = new Date(MIDNIGHT.getTime() + 10 * 3600_000);
    expect((await push(app, token, [voidOf(pid, LAST_MINUTE)], clock.now)).body.refused).toEqual([]);
    expect(await voided(pid)).toBe(true);
  });

  it("keeps the owner's longer window, to the last minute of its last day, and tablets pull it", async () => {
    const { app, token, clock, pid } = await saleOnTablet();
    const settings = await ownerOf(app);
    const saved = (await (await settings('GET')).json()) as Record<string, unknown>;
    expect(saved.voidWindowDays).toBe(0);
    expect((await settings('PUT', { ...saved, voidWindowDays: 2 })).status).toBe(200);
    const pulled = (await pullAll(app, token)).map((p) => p.settings).filter(Boolean);
    expect(pulled.at(-1)).toMatchObject({ voidWindowDays: 2 });

    const twoDaysOn = new Date(MIDNIGHT.getTime() + 2 * 24 * 3600_000); // 00:00 on the 25th: past it
    clock.now = twoDaysOn;
    expect((await push(app, token, [voidOf(pid, twoDaysOn)], clock.now)).body.refused).toMatchObject([{ code: 'void-window-closed' }]);
    const lastMinute = new Date(twoDaysOn.getTime() - 60_000);
    expect((await push(app, token, [voidOf(pid, lastMinute)], clock.now)).body.refused).toEqual([]);
    expect(await voided(pid)).toBe(true);
  });

  it('refuses a window outside 0–30 days or not whole, naming the field, and keeps the one set; a save without it keeps it too', async () => {
    const { app } = await saleOnTablet();
    const settings = await ownerOf(app);
    const saved = (await (await settings('GET')).json()) as Record<string, unknown>;
    expect((await settings('PUT', { ...saved, voidWindowDays: 3 })).status).toBe(200);
    for (const bad of [31, -1, 1.5, '2']) {
      const res = await settings('PUT', { ...saved, voidWindowDays: bad });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe('voidWindowDays');
    }
    const { voidWindowDays: _dropped, ...without } = saved;
    expect((await settings('PUT', without)).status).toBe(200);
    expect(((await (await settings('GET')).json()) as { voidWindowDays: number }).voidWindowDays).toBe(3);
  });
});
