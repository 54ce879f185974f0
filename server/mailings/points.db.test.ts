import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { daysBefore, phones, seedGuests } from '../../tests/support/mailing-cafe.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { kopecks } from '../../shared/domain/money.ts';
import type { BasisPoints } from '../../shared/loyalty/basis-points.ts';
import { DEFAULT_PROGRAM } from '../../shared/loyalty/program.ts';
import { segmentIds } from '../../shared/segments/rules.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import type { Db } from '../db/db.ts';
import { balanceRows, idFor } from '../loyalty/ledger.repo.ts';
import { creditOpeningBalances } from '../loyalty/opening.ts';
import { saveProgram } from '../loyalty/program.repo.ts';
import { ChannelSet } from './channels/channel-set.ts';
import { LOYALTY_POINTS, rewardEntryName } from './loyalty-points.ts';
import { previewMailing, queueMailing } from './mailings.ts';
import { NO_POINTS } from './points.ts';
import { finishLeased } from './queue.repo.ts';
import { fireDailyScenarios, fireSegmentEntries, loadScenarios, saveScenario } from './scenarios.repo.ts';
import { sendDueOnce } from './sender.ts';

// 12:00 in Moscow: outside quiet hours.
const NOW = new Date('2026-11-20T09:00:00Z');
const LATER = new Date('2026-11-20T10:00:00Z');

async function giveOpening(db: Db, cafeId: CafeId, balances: { guestId: GuestId; points: number }[], at: Date) {
  await db.transaction(async (tx) => {
    await lockCafe(tx, cafeId);
    await creditOpeningBalances(tx, cafeId, balances, at);
  });
}

const logLines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { key: string; text: string });

describeOnBackends('bonus points in mailings', ({ db }) => {
  it('renders {balance} and {reward} per guest as of sending, from the ledger and the catalogue', async () => {
    const env = { MESSAGES_LOG: join(mkdtempSync(join(tmpdir(), 'mail-')), 'messages.log') };
    const { cafe, ids } = await seedGuests(
      db(),
      phones(3, 7000).map((phone, i) => ({ phone, name: ['Анна', 'Борис', 'Вера'][i]!, registeredAt: daysBefore(NOW, 1) })),
      NOW,
    );
    await db().transaction(async (tx) => {
      await lockCafe(tx, cafe.id);
      await saveProgram(
        tx,
        cafe.id,
        {
          ...DEFAULT_PROGRAM,
          rewards: [
            { id: 'coffee', name: 'кофе', price: 150 },
            { id: 'cake', name: 'торт', price: 400 },
          ],
        },
        NOW,
      );
    });
    // Анна 121, Борис 400 (reaches every reward), Вера none.
    await giveOpening(
      db(),
      cafe.id,
      [
        { guestId: ids[0]!, points: 121 },
        { guestId: ids[1]!, points: 400 },
      ],
      NOW,
    );
    const deps = { db: db(), ledger: LOYALTY_POINTS, env };
    const text = '{name}, у вас {balance}. Ближайший подарок: {reward}';
    const preview = await previewMailing(deps, cafe.id, { segments: ['newcomer'], text, holdoutPercent: 0 }, NOW);
    expect(preview.previews[0]!.text).toBe('Анна, у вас 121 балл. Ближайший подарок: кофе');
    const q = await queueMailing(deps, cafe.id, { segments: ['newcomer'], text, holdoutPercent: 0 }, NOW);
    expect(q.counts.queued).toBe(3);
    // Points that arrive between queueing and sending are in the text: it is rendered at send time.
    await giveOpening(db(), cafe.id, [{ guestId: ids[2]!, points: 5 }], NOW);
    const round = await sendDueOnce({ db: db(), cafeId: cafe.id, now: () => LATER, channels: new ChannelSet(), ledger: LOYALTY_POINTS, env });
    expect(round).toMatchObject({ leased: 3, sent: 3 });
    const texts = new Map(logLines(env.MESSAGES_LOG).map((l) => [l.key.split(':').at(-1), l.text]));
    expect(texts.get(ids[0])).toBe('Анна, у вас 121 балл. Ближайший подарок: кофе');
    expect(texts.get(ids[1])).toBe('Борис, у вас 400 баллов. Ближайший подарок: торт');
    expect(texts.get(ids[2])).toBe('Вера, у вас 5 баллов. Ближайший подарок: кофе');
  });

  it('filters the audience to balances above N (N itself left out), and accepts the texts NO_POINTS refuses', async () => {
    const { cafe, ids } = await seedGuests(
      db(),
      phones(3, 7100).map((phone) => ({ phone, registeredAt: daysBefore(NOW, 1) })),
      NOW,
    );
    // Other tests' guests are newcomers too, none with as many as 999 points.
    await giveOpening(
      db(),
      cafe.id,
      [
        { guestId: ids[0]!, points: 999 },
        { guestId: ids[1]!, points: 1000 },
        { guestId: ids[2]!, points: 1001 },
      ],
      NOW,
    );
    const deps = { db: db(), ledger: LOYALTY_POINTS, env: { MESSAGES_LOG: '/dev/null' } };
    const draft = { segments: ['newcomer'], text: 'Баланс: {balance}', holdoutPercent: 0, minBalance: 1000 };
    const q = await queueMailing(deps, cafe.id, draft, NOW);
    expect(q.counts).toMatchObject({ eligible: 1, queued: 1 });
    const queued = await db().query<{ guest_id: string }>('SELECT guest_id FROM message_queue WHERE mailing_id = $1', [q.id]);
    expect(queued.map((r) => r.guest_id)).toEqual([ids[2]]);
  });

  it('filters the audience to tiers of the programme by paid spend, and refuses a tier the programme lacks', async () => {
    const { cafe: seeded, ids } = await seedGuests(
      db(),
      [500_00, 1000_00, 4999_00, 5000_00].map((amount, i) => ({
        phone: phones(1, 7400 + i)[0]!,
        registeredAt: daysBefore(NOW, 10),
        purchases: [{ at: daysBefore(NOW, 3), amount }],
      })),
      NOW,
    );
    const cafe = await cafeById(db(), seeded.id);
    await db().transaction(async (tx) => {
      await lockCafe(tx, cafe.id);
      await saveProgram(
        tx,
        cafe.id,
        {
          ...DEFAULT_PROGRAM,
          tiers: [
            { id: 'silver', name: 'Серебро', minSpend: kopecks(1000_00), accrualRate: 700 as BasisPoints },
            { id: 'gold', name: 'Золото', minSpend: kopecks(5000_00), accrualRate: 1000 as BasisPoints },
          ],
        },
        NOW,
      );
    });
    const deps = { db: db(), ledger: LOYALTY_POINTS, env: { MESSAGES_LOG: '/dev/null' } };
    const draft = { segments: segmentIds(cafe.rules), text: 'Привет', holdoutPercent: 0 };
    const mine = async (tiers: string[]) => {
      const q = await queueMailing(deps, cafe.id, { ...draft, tiers }, NOW);
      const rows = await db().query<{ guest_id: GuestId }>('SELECT guest_id FROM message_queue WHERE mailing_id = $1', [q.id]);
      return rows.map((r) => ids.indexOf(r.guest_id)).sort();
    };
    // 1000 ₽ is silver's threshold itself, 4999 ₽ still silver, 5000 ₽ gold; 500 ₽ is in no tier.
    expect(await mine(['silver'])).toEqual([1, 2]);
    expect(await mine(['gold'])).toEqual([3]);
    expect(await mine(['silver', 'gold'])).toEqual([1, 2, 3]);
    await expect(queueMailing(deps, cafe.id, { ...draft, tiers: ['platinum'] }, NOW)).rejects.toMatchObject({ code: 'invalid', field: 'tiers' });
    await expect(queueMailing({ ...deps, ledger: NO_POINTS }, cafe.id, { ...draft, tiers: ['gold'] }, NOW)).rejects.toMatchObject({
      code: 'points-unavailable',
      field: 'tiers',
    });
  });

  it("credits a win-back's points once the message is sent, once per key, and never to the held out", async () => {
    const env = { MESSAGES_LOG: join(mkdtempSync(join(tmpdir(), 'mail-')), 'messages.log') };
    const { cafe: seeded, ids } = await seedGuests(
      db(),
      phones(2, 7200).map((phone) => ({ phone, registeredAt: daysBefore(NOW, 200) })),
      NOW,
    );
    const cafe = await cafeById(db(), seeded.id);
    const winBack = (await loadScenarios(db(), cafe.id)).find((s) => s.id === 'win-back')!;
    await saveScenario(
      db(),
      cafe,
      'win-back',
      { ...winBack, enabled: true, holdoutPercent: 0, offer: 'points', text: '{name}, дарим {reward}! Теперь у вас {balance}.' },
      LOYALTY_POINTS,
      NOW,
    );
    const queued = await db().transaction((tx) =>
      fireSegmentEntries(
        tx,
        cafe.id,
        ids.map((guestId) => ({ guestId, from: 'active', to: 'leaving' })),
        NOW,
        LOYALTY_POINTS,
      ),
    );
    expect(queued).toBe(2);
    // The second guest is held out (as the holdout draws), and other tests' messages are out of the way.
    await db().query("UPDATE message_queue SET status = 'held-out', done_at = $2 WHERE guest_id = $1 AND scenario_id = 'win-back'", [
      ids[1],
      NOW.toISOString(),
    ]);
    await db().query("UPDATE message_queue SET status = 'skipped', done_at = $2 WHERE status = 'queued' AND guest_id <> $1", [ids[0], NOW.toISOString()]);
    const deps = { db: db(), cafeId: cafe.id, now: () => NOW, channels: new ChannelSet(), ledger: LOYALTY_POINTS, env };
    expect(await sendDueOnce(deps)).toMatchObject({ leased: 1, sent: 1 });
    const [line] = logLines(env.MESSAGES_LOG);
    // No purchases in 90 days: the first row of the win-back's table, 100 points; the balance shown is before the credit.
    expect(line!.text).toBe('Дарим 100 баллов! Теперь у вас 0 баллов.');
    const balances = await balanceRows(db(), cafe.id, ids);
    expect(balances.get(ids[0]!)?.balance).toBe(100);
    expect(balances.get(ids[1]!)).toBeUndefined();
    const entries = await db().query<{ id: string; kind: string; points: number }>('SELECT id, kind, points FROM loyalty_entries WHERE guest_id = $1', [
      ids[0],
    ]);
    expect(entries).toEqual([{ id: idFor(rewardEntryName(line!.key)), kind: 'adjustment', points: 100 }]);
    // Finishing the same key again (a recovered lease) and crediting it again directly add nothing.
    expect(await finishLeased(db(), cafe.id, [{ key: line!.key, outcome: 'sent' }], NOW)).toEqual([]);
    const again = await db().transaction((tx) => LOYALTY_POINTS.creditRewards(tx, cafe.id, [{ key: line!.key, guestId: ids[0]!, points: 100 }], NOW));
    expect(again).toBe(0);
    expect((await balanceRows(db(), cafe.id, [ids[0]!])).get(ids[0]!)?.balance).toBe(100);
    await deps.channels.close();
  });

  it('finds points about to expire from the oldest lot, once, the set number of days before their last day', async () => {
    const { cafe: seeded, ids } = await seedGuests(
      db(),
      phones(2, 7500).map((phone) => ({ phone, registeredAt: new Date('2026-05-01T09:00:00Z') })),
      NOW,
    );
    const cafe = await cafeById(db(), seeded.id);
    await db().transaction(async (tx) => {
      await lockCafe(tx, cafe.id);
      await saveProgram(tx, cafe.id, { ...DEFAULT_PROGRAM, expiryMonths: 6 }, NOW);
    });
    // Earned on 20 May (café day): expired from 20 November, so 19 November is the last day to spend them.
    await giveOpening(db(), cafe.id, [{ guestId: ids[0]!, points: 80 }], new Date('2026-05-20T09:00:00Z'));
    await giveOpening(db(), cafe.id, [{ guestId: ids[1]!, points: 30 }], new Date('2026-05-21T09:00:00Z'));
    const expiring = (await loadScenarios(db(), cafe.id)).find((s) => s.id === 'points-expiring')!;
    await saveScenario(db(), cafe, 'points-expiring', { ...expiring, enabled: true, holdoutPercent: 0, days: 7 }, LOYALTY_POINTS, NOW);
    const rows = () =>
      db().query<{ guest_id: string; occurrence: string; vars: unknown }>(
        "SELECT guest_id, occurrence, vars FROM message_queue WHERE scenario_id = 'points-expiring' ORDER BY guest_id",
      );
    await fireDailyScenarios(db(), cafe.id, new Date('2026-11-11T09:00:00Z'), LOYALTY_POINTS);
    expect(await rows()).toEqual([]);
    await fireDailyScenarios(db(), cafe.id, new Date('2026-11-12T09:00:00Z'), LOYALTY_POINTS);
    expect(await rows()).toEqual([{ guest_id: ids[0], occurrence: '2026-11-19', vars: { date: '2026-11-19', expiring: 80 } }]);
    await fireDailyScenarios(db(), cafe.id, new Date('2026-11-13T09:00:00Z'), LOYALTY_POINTS);
    expect((await rows()).map((r) => [r.guest_id, r.occurrence])).toEqual(
      [
        [ids[0], '2026-11-19'],
        [ids[1], '2026-11-20'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
  });

  it('credits nothing for a message that failed', async () => {
    const { cafe: seeded, ids } = await seedGuests(db(), [{ phone: phones(1, 7300)[0]!, registeredAt: daysBefore(NOW, 200) }], NOW);
    const cafe = await cafeById(db(), seeded.id);
    await db().transaction((tx) => fireSegmentEntries(tx, cafe.id, [{ guestId: ids[0]!, from: 'active', to: 'leaving' }], NOW, LOYALTY_POINTS));
    const [row] = await db().query<{ key: string; reward: unknown }>('SELECT key, reward FROM message_queue WHERE guest_id = $1', [ids[0]]);
    expect(row!.reward).toEqual({ kind: 'points', points: 100 });
    await db().query("UPDATE message_queue SET status = 'sending' WHERE key = $1", [row!.key]);
    expect(await finishLeased(db(), cafe.id, [{ key: row!.key, outcome: 'failed', error: 'gateway said no' }], NOW)).toEqual([]);
    expect((await balanceRows(db(), cafe.id, ids)).get(ids[0]!)).toBeUndefined();
  });
});
