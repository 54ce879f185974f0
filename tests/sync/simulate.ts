/**
 * Headless tablets (the real client data and sync code on fake-indexeddb) against a real
 * server over real storage, with faults injected into every exchange: dropped requests,
 * dropped responses, duplicates, stale batches replayed out of order, and server restarts.
 * The server runs in this process (createApp without a port; a restart closes the storage and
 * opens it again) or, with `process`, as its own Node process over real HTTP (sim-server.ts),
 * where a restart is a SIGKILL while the exchange is in flight and a new process on the same
 * storage (server-host.ts). Hostile tablets (hostile-tablet.ts) push crafted batches through
 * the same endpoint throughout: what they send that must be refused never reaches storage,
 * what is valid beside it is applied, no answer is a 5xx, and the honest tablets neither lose
 * nor double anything (hostile-check.ts). At the end faults stop, every tablet syncs until
 * quiet, and each tablet is compared with the server. Tablets apply the offers their guest
 * card lists (offers-sim.ts), and every flag the server raises on them is audited
 * (offers-check.ts).
 */
import { readRefused } from '../../client/data/sync/refused.ts';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { CounterDb } from '../../client/data/db.ts';
import { registerGuest } from '../../client/data/guests.ts';
import { recordPurchase, voidPurchase } from '../../client/data/purchases.ts';
import { syncOnce } from '../../client/data/sync/sync-once.ts';
import { httpTransport, type SyncTransport } from '../../client/data/sync/transport.ts';
import type { PushRequest, PushResponse } from '../../shared/sync/protocol.ts';
import type { Db, DbConfig } from '../../server/db/db.ts';
import { ensureCafe } from '../../server/cafe/cafes.repo.ts';
import { claimPairingCode, createPairingCode } from '../../server/cafe/devices.repo.ts';
import { inProcessServer, processServer, type SimServer } from './server-host.ts';
import { HostileTablet, storedHonest } from './hostile-tablet.ts';
import { auditHostile, type HostileEvidence, type HostileExchange, type HostileFindings } from './hostile-check.ts';
import { CLOCK_SKEW_LIMIT_MS } from '../../shared/sync/plausible.ts';
import { guestPoints } from '../../client/data/loyalty.ts';
import { readSettings } from '../../client/data/settings.ts';
import type { LedgerRow } from '../../client/data/db.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import { type Kopecks, kopecks } from '../../shared/domain/money.ts';
import { maxRedeemable } from '../../shared/loyalty/redemption.ts';
import { auditPoints, type PointsFindings } from './points-check.ts';
import { type Application, auditOffers, type OffersFindings } from './offers-check.ts';
import { applyTwiceOffline, createSimPromotions, pickOffer, readServerFlags } from './offers-sim.ts';

export interface SimulationOptions {
  tablets: number;
  guests: number;
  purchases: number;
  faultRate: number;
  seed: number;
  /** Hostile tablets pushing crafted batches beside the honest ones (0: none). */
  hostile?: number;
  /** Opens the server's storage; called again for every injected restart (in process) and for the audit. */
  open: () => Promise<Db>;
  /** Runs the server as its own process on this storage (the same one `open` opens): a restart is then a SIGKILL. */
  process?: DbConfig;
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
  /** Where the server ran; its processes killed (SIGKILL), and how many of those while an exchange was unanswered. */
  serverMode: 'in-process' | 'process';
  kills: { total: number; inFlight: number };
  /** Answers with a 5xx status, to any tablet: each one is a server bug. */
  serverErrors: number;
  /** What the hostile tablets sent and the audit of it (hostile-check.ts). */
  hostile: HostileFindings & { tablets: number };
  server: { guests: number; purchases: number; voided: number; spend: number };
  /** Purchases the hostile tablets' valid mutations stored (counted in `server` too). */
  hostilePurchases: number;
  tabletViews: { guests: number; visits: number; spend: number; mismatches: number }[];
}

/** Bonus points: what the tablets spent and the audit of the server's ledger against them (points-check.ts). */
export interface PointsReport extends PointsFindings {
  /** Points spent at the counter, per tablet. */
  pointsSpent: number[];
  /** Overdrafts the server recorded (at least the one staged on two offline tablets). */
  overdrafts: number;
}

/** Promotions: offers applied at the counter and the audit of the server's flags on them (offers-check.ts). */
export interface OffersReport extends OffersFindings {
  /** Offers applied at the counter, per tablet. */
  offersApplied: number[];
  /**
   * The flag on the later of the two offline uses of a once-only offer by one guest: its reason,
   * 'none' when the server did not flag it, null when not staged (one tablet, or no sales).
   */
  stagedLimitBreak: string | null;
}

interface SimTablet {
  db: CounterDb;
  transport: SyncTransport;
  stale: PushRequest[];
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

export async function simulate(o: SimulationOptions): Promise<SimulationReport & PointsReport & OffersReport> {
  const g = xoroshiro128plus(o.seed);
  const random = () => uniformFloat64(g);
  let minute = 0;
  const start = Date.UTC(2026, 9, 1, 6);
  const now = () => new Date(start + minute * 60_000);
  let db = await o.open();
  const faults = new Faults(o.faultRate, random);
  const cafe = await ensureCafe(db);
  const promotions = await createSimPromotions(db, cafe.id, now());

  const phones = Array.from({ length: o.guests }, (_, i) => `+7977${String(o.seed % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`);
  const pair = async (name: string) => {
    const { code } = await createPairingCode(db, cafe.id, now());
    const claim = await db.transaction((tx) => claimPairingCode(tx, code, name, now()));
    if (!claim.ok) throw new Error('pairing failed');
    return claim;
  };
  const claims = [];
  for (let i = 0; i < o.tablets; i++) claims.push(await pair(`Планшет ${i + 1}`));
  const hostileClaims = [];
  for (let i = 0; i < (o.hostile ?? 0); i++) hostileClaims.push(await pair(`Чужой планшет ${i + 1}`));
  // Its own generator: the honest tablets' run is the same for a seed whatever the hostile ones do.
  const hg = xoroshiro128plus(o.seed ^ 0x5eed);
  const hostileRandom = () => uniformFloat64(hg);
  const hostileTablets = hostileClaims.map((c, i) => ({ tablet: new HostileTablet(i, o.seed, hostileRandom), token: c.token, deviceId: c.deviceId }));

  if (o.process) await db.close();
  // Kill timing draws from its own generator too, so a process run makes the same sales as an in-process one.
  const kg = xoroshiro128plus(o.seed ^ 0x6b11);
  const server: SimServer = o.process ? await processServer(o.process, o.open, now, () => uniformFloat64(kg)) : inProcessServer(db, o.open, now);
  let serverErrors = 0;
  const request = async (path: string, init?: RequestInit) => {
    const res = await server.fetch(path, init);
    if (res.status >= 500) serverErrors++;
    return res;
  };

  const tablets: SimTablet[] = [];
  for (const [i, claim] of claims.entries()) {
    const local = new CounterDb(`sim-${o.seed}-${i}-${Date.now()}`);
    await local.open();
    await local.settings.bulkPut([
      { key: 'deviceId', value: claim.deviceId },
      { key: 'serverUrl', value: '' },
      { key: 'token', value: claim.token },
    ]);
    const direct = httpTransport('', claim.token, request);
    const stale: PushRequest[] = [];
    const send = async (req: PushRequest) => {
      const res = await direct.push(req);
      stale.push(req);
      if (stale.length > 5) stale.shift();
      return res;
    };
    const transport: SyncTransport = {
      push: async (req) => {
        const fault = faults.pick();
        if (fault === 'restart') return server.restart(() => send(req));
        if (fault === 'dropRequest') throw new Error('request dropped');
        if (fault === 'reorder' && stale.length) await direct.push(stale[Math.floor(random() * stale.length)]!).catch(() => undefined);
        const res = await send(req);
        if (fault === 'duplicate') return direct.push(req);
        if (fault === 'dropResponse') throw new Error('response dropped');
        return res;
      },
      pull: async (since) => {
        const fault = faults.pick();
        if (fault === 'restart') return server.restart(() => direct.pull(since));
        if (fault === 'dropRequest') throw new Error('request dropped');
        const res = await direct.pull(since);
        if (fault === 'dropResponse') throw new Error('response dropped');
        return res;
      },
    };
    tablets.push({ db: local, transport, stale });
  }

  const exchanges: HostileExchange[] = [];
  const pushHostile = async (h: (typeof hostileTablets)[number]) => {
    const batch = h.tablet.batch(now(), await storedHonest(tablets.map((t) => t.db)));
    const res = await request('/api/sync/push', {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(batch.body),
    });
    const body = (await res.json().catch(() => ({}))) as Partial<PushResponse>;
    exchanges.push({
      cases: batch.cases,
      status: res.status,
      acked: body.acked ?? [],
      refused: (body.refused ?? []).map((r) => r.mutationId),
      clockAhead: batch.clockAhead,
      clockFlagged: body.clockFlagged === true,
    });
  };
  // About a dozen batches in a short run, one per 250 sales in a long one.
  const hostileRate = Math.min(0.05, Math.max(0.004, 12 / Math.max(1, o.purchases)));

  const voided = new Set<string>();
  const made: LedgerRow[] = [];
  const pointsSpent = tablets.map(() => 0);
  const spendStep = tablets.length >= 2 ? Math.floor(o.purchases / 2) : -1;
  const applications: Application[] = [];
  const offersApplied = tablets.map(() => 0);
  const apply = (t: SimTablet, a: Omit<Application, 'tablet'>) => {
    applications.push({ ...a, tablet: tablets.indexOf(t) });
    offersApplied[tablets.indexOf(t)]!++;
  };
  const stageStep = tablets.length >= 2 ? Math.floor(o.purchases / 3) : -1;
  let staged: string | null = null;
  // Ended on the server while some tablets still hold it active: their later uses are flagged, unknowably.
  const endStep = Math.floor((o.purchases * 3) / 5);
  for (let step = 0; step < o.purchases; step++) {
    if (step === spendStep) {
      const [a, b] = await spendTwiceOffline(tablets[0]!, tablets[1]!, `+7978${String(o.seed % 1000).padStart(3, '0')}0000`, now, faults, made);
      pointsSpent[0]! += a;
      pointsSpent[1]! += b;
    }
    if (step === stageStep) {
      const phone = `+7979${String(o.seed % 1000).padStart(3, '0')}0000`;
      const pair: [SimTablet, SimTablet] = [tablets[0]!, tablets[1]!];
      const { guestId, later } = await applyTwiceOffline(pair, phone, promotions.once, now, () => minute++, faults, apply);
      staged = later;
      // Their welcome bonus and accruals, for the points audit like every other sale's.
      for (const t of pair) made.push(...(await t.db.ledger.where('guestId').equals(guestId).toArray()));
    }
    if (step === endStep) await server.endPromotion(cafe.id, promotions.ending);
    for (const h of hostileTablets) if (hostileRandom() < hostileRate) await pushHostile(h);
    minute += 1 + Math.floor(random() * 20);
    const t = tablets[Math.floor(random() * tablets.length)]!;
    const phone = phones[Math.floor(random() * phones.length)]!;
    let guest = await t.db.guests.where('phone').equals(phone).first();
    if (!guest) {
      guest = await registerGuest(t.db, { phone, name: random() < 0.5 ? `Гость ${phone.slice(-4)}` : '', birthday: '', consent: random() < 0.5 }, now());
      made.push(...(await t.db.ledger.where('guestId').equals(guest.id).toArray()));
    }
    const amount = String(100 + Math.floor(random() * 900));
    const offer = await pickOffer(t.db, guest.id, kopecks(Number(amount) * 100), now(), random);
    const points = random() < 0.3 ? await somePoints(t.db, guest.id, Number(amount), offer?.discount ?? kopecks(0), random) : 0;
    const p = await recordPurchase(
      t.db,
      { guestId: guest.id, amount, items: [], ...(points ? { points: String(points) } : {}), ...(offer ? { promotionId: offer.promotionId } : {}) },
      now(),
    );
    if (offer) apply(t, { ...offer.held, purchaseId: p.id });
    pointsSpent[tablets.indexOf(t)]! += points;
    made.push(...(await t.db.ledger.where('purchaseId').equals(p.id).toArray()));
    if (random() < 0.02) {
      await voidPurchase(t.db, p.id, 'ошибка кассира', now());
      voided.add(p.id);
    }
    if (random() < 0.08) await syncOnce(t.db, t.transport, now).catch(() => undefined);
  }

  faults.enabled = false;
  // One more batch each with every honest id stored by now to reuse; the honest tablets then pull what was applied.
  for (const h of hostileTablets) await pushHostile(h);
  for (let round = 0; round < 3; round++) for (const t of tablets) await syncOnce(t.db, t.transport, now);
  db = await server.stop();

  const created = new Set<string>();
  for (const t of tablets) for (const p of await t.db.purchases.toArray()) created.add(p.id);
  const stored = await db.query<{ id: string; voided: boolean; amount: number; paid: number; device_id: string | null }>(
    'SELECT p.id, (v.purchase_id IS NOT NULL) AS voided, p.amount, p.paid, p.device_id FROM purchases p LEFT JOIN purchase_voids v ON v.purchase_id = p.id WHERE p.cafe_id = $1 AND p.source = $2',
    [cafe.id, 'counter'],
  );
  const hostileDevices = new Set(hostileTablets.map((h) => h.deviceId));
  // The honest tablets' sales; the hostile tablets' valid ones are audited with the rest of what they sent.
  const honestStored = stored.filter((s) => s.device_id === null || !hostileDevices.has(s.device_id));
  const storedIds = new Set(stored.map((s) => s.id));
  const lost = [...created].filter((id) => !storedIds.has(id)).length + [...voided].filter((id) => !stored.find((s) => s.id === id)?.voided).length;
  const statsRows = await db.query<{ id: string; phone: string; purchase_count: number; total_spend: number }>(
    'SELECT g.id, g.phone, s.purchase_count, s.total_spend FROM guests g JOIN guest_stats s ON s.guest_id = g.id WHERE g.cafe_id = $1',
    [cafe.id],
  );
  const live = stored.filter((s) => !s.voided);
  const countedOnServer = statsRows.reduce((n, r) => n + r.purchase_count, 0);
  const duplicated = Math.max(0, honestStored.length - created.size) + Math.max(0, countedOnServer - live.length);
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
  const points = await auditServerPoints(db, cafe.id, tablets, made, voided);
  const flags = await readServerFlags(db, cafe.id);
  const hostile = auditHostile(exchanges, await readHostileEvidence(db, cafe.id, hostileDevices, exchanges, new Date(now().getTime() + CLOCK_SKEW_LIMIT_MS)));
  const report: SimulationReport & PointsReport & OffersReport = {
    seed: o.seed,
    tablets: o.tablets,
    lost,
    duplicated,
    refused,
    converged: tabletViews.every((v) => v.mismatches === 0),
    faults: faults.counts,
    serverMode: o.process ? 'process' : 'in-process',
    kills: server.kills,
    serverErrors,
    hostile: { tablets: hostileTablets.length, ...hostile },
    hostilePurchases: stored.length - honestStored.length,
    // Spend is paid money, as the guest stats count it: points spent are not spend.
    server: { guests: statsRows.length, purchases: stored.length, voided: stored.length - live.length, spend: live.reduce((n, s) => n + Number(s.paid), 0) },
    tabletViews,
    ...points,
    pointsSpent,
    ...auditOffers(applications, flags),
    offersApplied,
    stagedLimitBreak: staged === null ? null : (flags.find((f) => f.purchaseId === staged)?.reason ?? 'none'),
  };
  await db.close();
  for (const t of tablets) t.db.close();
  return report;
}

/** What storage holds that a hostile mutation could have left, for hostile-check.ts. */
async function readHostileEvidence(
  db: Db,
  cafeId: string,
  hostileDevices: ReadonlySet<string>,
  exchanges: readonly HostileExchange[],
  latestPlausible: Date,
): Promise<HostileEvidence> {
  const devices = [...hostileDevices];
  const reusedMutations = exchanges.flatMap((x) => x.cases.flatMap((c) => (c.marks.reused && 'kind' in c.marks.reused ? [c.marks.reused.mutationId] : [])));
  const [mutations, purchases, voids, guests, reasons, byId] = await Promise.all([
    db.query<{ id: string }>('SELECT mutation_id AS id FROM applied_mutations WHERE device_id = ANY($1::uuid[])', [devices]),
    db.query<{ id: string; amount: string; device_id: string | null; purchased_at: Date }>(
      'SELECT id, amount, device_id, purchased_at FROM purchases WHERE cafe_id = $1',
      [cafeId],
    ),
    db.query<{ id: string }>('SELECT purchase_id AS id FROM purchase_voids WHERE device_id = ANY($1::uuid[])', [devices]),
    db.query<{ id: string; phone: string; name: string | null }>('SELECT id, phone, name FROM guests WHERE cafe_id = $1', [cafeId]),
    db.query<{ reason: string }>('SELECT reason FROM purchase_voids'),
    db.query<{ id: string; device_id: string; kind: string }>(
      'SELECT mutation_id AS id, device_id, kind FROM applied_mutations WHERE mutation_id = ANY($1::uuid[])',
      [reusedMutations],
    ),
  ]);
  return {
    mutationIds: mutations.map((m) => m.id),
    purchaseIds: purchases.filter((p) => p.device_id !== null && hostileDevices.has(p.device_id)).map((p) => p.id),
    voidedIds: voids.map((v) => v.id),
    guests,
    purchases: purchases.map((p) => ({ id: p.id, amount: Number(p.amount), deviceId: p.device_id, purchasedAt: new Date(p.purchased_at) })),
    mutationsById: new Map(byId.map((m) => [m.id, { deviceId: m.device_id, kind: m.kind }])),
    voidReasons: reasons.map((r) => r.reason),
    hostileDevices,
    latestPlausible,
  };
}

/** Points to spend on a check (after the offer's discount): any number up to what the tablet allows, online (no offline cap). */
async function somePoints(db: CounterDb, guestId: GuestId, rubles: number, discount: Kopecks, random: () => number): Promise<number> {
  const { program } = await readSettings(db);
  const { balance } = await guestPoints(db, guestId, program);
  const { max } = maxRedeemable({ amount: kopecks(rubles * 100), discount, balance, offlineSpent: null }, program);
  return Math.floor(random() * (max + 1));
}

/**
 * One balance spent on two tablets at once: a new guest is registered on the first, both tablets
 * sync with faults held off so both see the welcome bonus, then each spends all of it offline.
 * The server must keep both sales and record the overdraft when they arrive.
 */
async function spendTwiceOffline(
  a: SimTablet,
  b: SimTablet,
  phone: string,
  now: () => Date,
  faults: { enabled: boolean },
  made: LedgerRow[],
): Promise<[number, number]> {
  const guest = await registerGuest(a.db, { phone, name: 'Двойная трата', birthday: '', consent: true }, now());
  faults.enabled = false;
  for (let round = 0; round < 2; round++) for (const t of [a, b]) await syncOnce(t.db, t.transport, now);
  faults.enabled = true;
  const spent: number[] = [];
  for (const { db } of [a, b]) {
    const { program } = await readSettings(db);
    const { balance } = await guestPoints(db, guest.id, program);
    if (balance <= 0) throw new Error(`the staged guest has ${balance} points on a tablet: nothing to spend twice`);
    // A check large enough that the whole balance is within the share points may pay.
    const rubles = Math.ceil((balance * 10_000) / program.maxRedeemShare) + 1;
    await recordPurchase(db, { guestId: guest.id, amount: String(rubles), items: [], points: String(balance), online: false }, now());
    made.push(...(await db.ledger.where('guestId').equals(guest.id).toArray()));
    spent.push(balance);
  }
  return [spent[0]!, spent[1]!];
}

/** Reads the server's ledger, balances and overdrafts and every tablet's balances, and audits them. */
async function auditServerPoints(
  db: Db,
  cafeId: string,
  tablets: SimTablet[],
  made: LedgerRow[],
  voided: ReadonlySet<string>,
): Promise<PointsFindings & { overdrafts: number }> {
  const entries = await db.query<{
    id: string;
    guest_id: string;
    seq: string;
    kind: string;
    points: number;
    purchase_id: string | null;
    reverses: string | null;
  }>('SELECT id, guest_id, seq, kind, points, purchase_id, reverses FROM loyalty_entries WHERE cafe_id = $1', [cafeId]);
  const balances = await db.query<{ guest_id: string; balance: string; overdraft: string }>(
    'SELECT guest_id, balance, overdraft FROM loyalty_balances WHERE cafe_id = $1',
    [cafeId],
  );
  const overdrafts = await db.query<{ entry_id: string; points: string }>('SELECT entry_id, points FROM loyalty_overdrafts WHERE cafe_id = $1', [cafeId]);
  const tabletBalances: Map<string, number>[] = [];
  const tabletEntries = [...made];
  for (const t of tablets) {
    const { program } = await readSettings(t.db);
    const shown = new Map<string, number>();
    for (const g of await t.db.guests.toArray()) shown.set(g.id, (await guestPoints(t.db, g.id, program)).balance);
    tabletBalances.push(shown);
    tabletEntries.push(...(await t.db.ledger.toArray()));
  }
  const findings = auditPoints({
    tabletEntries,
    voidedPurchases: voided,
    serverEntries: entries.map((e) => ({
      id: e.id,
      guestId: e.guest_id,
      seq: Number(e.seq),
      kind: e.kind,
      points: e.points,
      purchaseId: e.purchase_id,
      reverses: e.reverses,
    })),
    serverBalances: new Map(balances.map((b) => [b.guest_id, { balance: Number(b.balance), overdraft: Number(b.overdraft) }])),
    overdrafts: overdrafts.map((o) => ({ entryId: o.entry_id, points: Number(o.points) })),
    tabletBalances,
  });
  return { ...findings, overdrafts: overdrafts.length };
}
