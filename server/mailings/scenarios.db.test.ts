import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { phones, seedGuests } from '../../tests/support/mailing-cafe.ts';
import { envelope, pairTablet, purchase, push } from '../../tests/support/sync-helpers.ts';
import { addCalendarDays, type LocalDate, startOfLocalDay, type TimeZone } from '../../shared/domain/calendar.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { createApp } from '../app.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import { importBase } from '../import/import-base.ts';
import { resegmentIfNewDay } from '../segments/resegment.ts';
import { importScenarioHook, resegmentScenarioHook, scenarioPushHooks } from './hooks.ts';
import { NO_POINTS } from './points.ts';
import { fireDailyScenarios, loadScenarios, saveScenario } from './scenarios.repo.ts';

const ZONE = 'Europe/Moscow' as TimeZone;
const DAY0 = '2026-03-02' as LocalDate;
/** Noon of café day n. */
const day = (n: number, hour = 12) => new Date(startOfLocalDay(addCalendarDays(DAY0, n), ZONE).getTime() + hour * 3_600_000);

describeOnBackends('automatic scenarios', ({ db }) => {
  const winBackRows = (cafeId: CafeId, guestId: GuestId) =>
    db().query<{ occurrence: string; status: string }>(
      "SELECT occurrence, status FROM message_queue WHERE cafe_id = $1 AND scenario_id = 'win-back' AND guest_id = $2 ORDER BY occurrence",
      [cafeId, guestId],
    );

  it('a win-back fires once for active → leaving → active → leaving within the cooldown, and again after it', async () => {
    const { cafe, ids } = await seedGuests(
      db(),
      [{ phone: phones(1, 900)[0]!, registeredAt: day(0, 9), purchases: [10, 11, 12, 13].map((h) => ({ at: day(0, h), amount: 300_00 })) }],
      day(0, 14),
    );
    const guest = ids[0]!;
    await saveScenario(db(), cafe, 'win-back', { ...(await loadScenarios(db(), cafe.id))[0]!, enabled: true, holdoutPercent: 0 }, NO_POINTS, day(0));
    const app = (now: Date) => createApp({ db: db(), now: () => now, pushHooks: scenarioPushHooks() });
    const token = await pairTablet(app(day(1)), db(), day(1));
    const buy = async (n: number) => expect((await push(app(day(n)), token, [envelope(purchase(guest, 200_00, day(n)), day(n))], day(n))).status).toBe(200);
    const dailyJob = (n: number) => resegmentIfNewDay(db(), cafe.id, day(n, 0.5), resegmentScenarioHook(cafe.id, day(n, 0.5)));

    await dailyJob(14); // last purchase 14 days ago: still active
    expect(await winBackRows(cafe.id, guest)).toEqual([]);
    await dailyJob(15); // 15 days: leaving → the win-back
    expect(await winBackRows(cafe.id, guest)).toEqual([{ occurrence: addCalendarDays(DAY0, 15), status: 'queued' }]);
    await dailyJob(15); // the same day again: nothing more
    await buy(16); // back to active (by a push)
    await dailyJob(31); // leaving again, 16 days after the win-back: within the 60-day cooldown
    await buy(61); // active
    expect(await winBackRows(cafe.id, guest)).toHaveLength(1);
    await dailyJob(76); // leaving, 61 days after the first win-back: fires again
    expect(await winBackRows(cafe.id, guest)).toEqual([
      { occurrence: addCalendarDays(DAY0, 15), status: 'queued' },
      { occurrence: addCalendarDays(DAY0, 76), status: 'queued' },
    ]);
  });

  it('an import fires nothing for the guests it places for the first time', async () => {
    const count = async () => (await db().query<{ n: number }>("SELECT count(*)::int AS n FROM message_queue WHERE scenario_id = 'win-back'"))[0]!.n;
    const before = await count();
    const dir = mkdtempSync(join(tmpdir(), 'imp-'));
    writeFileSync(join(dir, 'g.csv'), 'phone,name,registered_at\n+79005550001,Гость,2026-01-01T10:00:00+03:00\n');
    writeFileSync(join(dir, 'p.csv'), `phone,purchased_at,amount\n${[1, 2, 3, 4].map((d) => `+79005550001,2026-01-0${d}T10:00:00+03:00,100`).join('\n')}\n`);
    // On 1 March the last purchase (4 January) is 56 days ago: the guest is placed straight into leaving, which is not a move.
    const summary = await importBase(
      db(),
      { guestsPath: join(dir, 'g.csv'), purchasesPath: join(dir, 'p.csv') },
      { now: day(-1), onSegmentChanges: importScenarioHook(day(-1)) },
    );
    expect(summary.segmentChanges).toBeGreaterThan(0);
    const placed = await db().query<{ segment: string }>(
      "SELECT s.segment FROM guest_stats s JOIN guests g ON g.id = s.guest_id WHERE g.phone = '+79005550001'",
    );
    expect(placed).toEqual([{ segment: 'leaving' }]);
    expect(await count()).toBe(before);
  });

  it('birthdays and newcomers who did not come back fire once per occurrence, by café day', async () => {
    const { cafe, ids } = await seedGuests(
      db(),
      [
        { phone: phones(1, 910)[0]!, registeredAt: day(-1), purchases: [{ at: day(0, 10), amount: 100_00 }] },
        {
          phone: phones(1, 911)[0]!,
          registeredAt: day(-1),
          purchases: [
            { at: day(0, 10), amount: 100_00 },
            { at: day(2), amount: 100_00 },
          ],
        },
      ],
      day(0, 11),
    );
    await db().query("UPDATE guests SET birthday = '1990-03-12' WHERE id = $1", [ids[1]]);
    const all = await loadScenarios(db(), cafe.id);
    for (const s of all.filter((x) => x.id === 'newcomer' || x.id === 'birthday')) {
      await saveScenario(db(), cafe, s.id, { ...s, enabled: true, holdoutPercent: 0 }, NO_POINTS, day(0));
    }
    const rows = () =>
      db().query<{ scenario_id: string; guest_id: string; occurrence: string }>(
        "SELECT scenario_id, guest_id, occurrence FROM message_queue WHERE scenario_id IN ('newcomer', 'birthday') ORDER BY scenario_id, guest_id",
      );
    expect(await fireDailyScenarios(db(), cafe.id, day(6), NO_POINTS)).toBe(0);
    // Day 7: the first guest's single visit was 7 days ago. Day 7 is also 3 days before the second's birthday (12 March).
    await fireDailyScenarios(db(), cafe.id, day(7), NO_POINTS);
    expect(await fireDailyScenarios(db(), cafe.id, day(7, 18), NO_POINTS)).toBeNull(); // done for the day
    expect(await rows()).toEqual([
      { scenario_id: 'birthday', guest_id: ids[1], occurrence: '2026' },
      { scenario_id: 'newcomer', guest_id: ids[0], occurrence: addCalendarDays(DAY0, 0) },
    ]);
    await fireDailyScenarios(db(), cafe.id, day(8), NO_POINTS);
    expect(await rows()).toHaveLength(2);
  });

  it('refuses point offers and the expiring-points scenario while bonus points do not exist', async () => {
    const cafe = await cafeById(db(), (await seedGuests(db(), [], day(0))).cafe.id);
    const [winBack] = await loadScenarios(db(), cafe.id);
    await expect(saveScenario(db(), cafe, 'win-back', { ...winBack!, offer: 'points', points: 100 }, NO_POINTS, day(0))).rejects.toMatchObject({
      code: 'points-unavailable',
      field: 'offer',
    });
    await expect(saveScenario(db(), cafe, 'win-back', { ...winBack!, text: 'Дарим {reward}' }, NO_POINTS, day(0))).rejects.toMatchObject({
      code: 'points-unavailable',
    });
    await expect(saveScenario(db(), cafe, 'win-back', { ...winBack!, text: 'Привет, {imya}' }, NO_POINTS, day(0))).rejects.toMatchObject({
      code: 'template-invalid',
      field: 'text',
    });
  });
});
