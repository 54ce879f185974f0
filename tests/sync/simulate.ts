/**
 * Headless tablets (the real client data and sync code on fake-indexeddb) against a real
 * server over real storage, with faults injected into every exchange: dropped requests,
 * dropped responses, duplicates, stale batches replayed out of order, and server restarts
 * (the storage closed and reopened). At the end faults stop, every tablet syncs until quiet,
 * and each tablet is compared with the server.
 */
import { readRefused } from '../../client/data/sync/refused.ts';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { CounterDb } from '../../client/data/db.ts';
import { registerGuest } from '../../client/data/guests.ts';
import { recordPurchase, voidPurchase } from '../../client/data/purchases.ts';
import { syncOnce } from '../../client/data/sync/sync-once.ts';
import type { SyncTransport } from '../../client/data/sync/transport.ts';
import type { PushRequest } from '../../shared/sync/protocol.ts';
import { createApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { ensureCafe } from '../../server/cafe/cafes.repo.ts';
import { claimPairingCode, createPairingCode } from '../../server/cafe/devices.repo.ts';
import { appTransport } from './app-transport.ts';

export interface SimulationOptions {
  tablets: number;
  guests: number;
  purchases: number;
  faultRate: number;
  seed: number;
  /** Opens the server's storage; called again for every injected restart. */
  open: () => Promise<Db>;
}

export interface SimulationReport {
  seed: number;
  tablets: number;
  lost: number;
  duplicated: number;
  /** Mutations the server refused and the tablets set aside (client/data/sync/refused.ts): 0 for honest tablets. */
  refused: number;
  converged: boolean;
  faults: Record<string, number>;
  server: { guests: number; purchases: number; voided: number; spend: number };
  tabletViews: { guests: number; visits: number; spend: number; mismatches: number }[];
}

class Faults {
  readonly counts: Record<string, number> = { dropRequest: 0, dropResponse: 0, duplicate: 0, reorder: 0, restart: 0 };
  enabled = true;
  constructor(
    private readonly rate: number,
    private readonly random: () => number,
  ) {}
  pick(): keyof Faults['counts'] | null {
    if (!this.enabled || this.random() >= this.rate) return null;
    const kinds = Object.keys(this.counts);
    const k = kinds[Math.floor(this.random() * kinds.length)]!;
    this.counts[k]!++;
    return k;
  }
}

export async function simulate(o: SimulationOptions): Promise<SimulationReport> {
  const g = xoroshiro128plus(o.seed);
  const random = () => uniformFloat64(g);
  let minute = 0;
  const start = Date.UTC(2026, 9, 1, 6);
  const now = () => new Date(start + minute * 60_000);
  let db = await o.open();
  let app = createApp({ db, now });
  const restart = async () => {
    await db.close();
    db = await o.open();
    app = createApp({ db, now });
  };
  const faults = new Faults(o.faultRate, random);
  const cafe = await ensureCafe(db);

  const phones = Array.from({ length: o.guests }, (_, i) => `+7977${String(o.seed % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`);
  const tablets: { db: CounterDb; transport: SyncTransport; stale: PushRequest[] }[] = [];
  for (let i = 0; i < o.tablets; i++) {
    const { code } = await createPairingCode(db, cafe.id, now());
    const claim = await db.transaction((tx) => claimPairingCode(tx, code, `Планшет ${i + 1}`, now()));
    if (!claim.ok) throw new Error('pairing failed');
    const local = new CounterDb(`sim-${o.seed}-${i}-${Date.now()}`);
    await local.open();
    await local.settings.bulkPut([
      { key: 'deviceId', value: claim.deviceId },
      { key: 'serverUrl', value: '' },
      { key: 'token', value: claim.token },
    ]);
    const direct = appTransport(() => app, claim.token);
    const stale: PushRequest[] = [];
    const transport: SyncTransport = {
      push: async (req) => {
        const fault = faults.pick();
        if (fault === 'restart') await restart();
        if (fault === 'dropRequest') throw new Error('request dropped');
        if (fault === 'reorder' && stale.length) await direct.push(stale[Math.floor(random() * stale.length)]!).catch(() => undefined);
        const res = await direct.push(req);
        stale.push(req);
        if (stale.length > 5) stale.shift();
        if (fault === 'duplicate') return direct.push(req);
        if (fault === 'dropResponse') throw new Error('response dropped');
        return res;
      },
      pull: async (since) => {
        const fault = faults.pick();
        if (fault === 'restart') await restart();
        if (fault === 'dropRequest') throw new Error('request dropped');
        const res = await direct.pull(since);
        if (fault === 'dropResponse') throw new Error('response dropped');
        return res;
      },
    };
    tablets.push({ db: local, transport, stale });
  }

  const voided = new Set<string>();
  for (let step = 0; step < o.purchases; step++) {
    minute += 1 + Math.floor(random() * 20);
    const t = tablets[Math.floor(random() * tablets.length)]!;
    const phone = phones[Math.floor(random() * phones.length)]!;
    let guest = await t.db.guests.where('phone').equals(phone).first();
    guest ??= await registerGuest(t.db, { phone, name: random() < 0.5 ? `Гость ${phone.slice(-4)}` : '', birthday: '', consent: random() < 0.5 }, now());
    const amount = String(100 + Math.floor(random() * 900));
    const p = await recordPurchase(t.db, { guestId: guest.id, amount, items: [] }, now());
    if (random() < 0.02) {
      await voidPurchase(t.db, p.id, 'ошибка кассира', now());
      voided.add(p.id);
    }
    if (random() < 0.08) await syncOnce(t.db, t.transport, now).catch(() => undefined);
  }

  faults.enabled = false;
  for (let round = 0; round < 3; round++) for (const t of tablets) await syncOnce(t.db, t.transport, now);

  const created = new Set<string>();
  for (const t of tablets) for (const p of await t.db.purchases.toArray()) created.add(p.id);
  const stored = await db.query<{ id: string; voided: boolean; amount: number }>(
    'SELECT p.id, (v.purchase_id IS NOT NULL) AS voided, p.amount FROM purchases p LEFT JOIN purchase_voids v ON v.purchase_id = p.id WHERE p.cafe_id = $1 AND p.source = $2',
    [cafe.id, 'counter'],
  );
  const storedIds = new Set(stored.map((s) => s.id));
  const lost = [...created].filter((id) => !storedIds.has(id)).length + [...voided].filter((id) => !stored.find((s) => s.id === id)?.voided).length;
  const statsRows = await db.query<{ id: string; phone: string; purchase_count: number; total_spend: number }>(
    'SELECT g.id, g.phone, s.purchase_count, s.total_spend FROM guests g JOIN guest_stats s ON s.guest_id = g.id WHERE g.cafe_id = $1',
    [cafe.id],
  );
  const live = stored.filter((s) => !s.voided);
  const countedOnServer = statsRows.reduce((n, r) => n + r.purchase_count, 0);
  const duplicated = Math.max(0, stored.length - created.size) + Math.max(0, countedOnServer - live.length);
  const byPhone = new Map(statsRows.map((r) => [r.phone, r]));

  let refused = 0;
  for (const t of tablets) refused += (await readRefused(t.db)).length;
  const tabletViews = [];
  for (const t of tablets) {
    let visits = 0;
    let spend = 0;
    let mismatches = 0;
    const guests = await t.db.guests.toArray();
    for (const guest of guests) {
      const s = (await t.db.stats.get(guest.id))!;
      visits += s.purchaseCount;
      spend += s.totalSpend;
      const server = byPhone.get(guest.phone);
      if (!server || server.id !== guest.id || server.purchase_count !== s.purchaseCount || Number(server.total_spend) !== s.totalSpend) mismatches++;
    }
    mismatches += Math.abs(byPhone.size - guests.length);
    tabletViews.push({ guests: guests.length, visits, spend, mismatches });
  }
  const report: SimulationReport = {
    seed: o.seed,
    tablets: o.tablets,
    lost,
    duplicated,
    refused,
    converged: tabletViews.every((v) => v.mismatches === 0),
    faults: faults.counts,
    server: { guests: statsRows.length, purchases: stored.length, voided: stored.length - live.length, spend: live.reduce((n, s) => n + Number(s.amount), 0) },
    tabletViews,
  };
  await db.close();
  for (const t of tablets) t.db.close();
  return report;
}
