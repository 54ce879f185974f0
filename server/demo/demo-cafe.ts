/**
 * A demo café with a past: a generated base (tests/fixtures/cafe-generator.ts) replayed day
 * by day through the real sync path, as two counter tablets would have sent it, with the
 * daily resegment job run at each café midnight. So segment history, movements and trends
 * are what six months of use would have left, not numbers made up for the screens.
 */
import { addCalendarDays, localDateOf, startOfLocalDay, type LocalDate } from '../../shared/domain/calendar.ts';
import { newId } from '../new-id.ts';
import type { Mutation, PurchaseItem } from '../../shared/sync/mutations.ts';
import { tick } from '../../shared/sync/hlc.ts';
import { PROTOCOL, PUSH_LIMIT, type Envelope } from '../../shared/sync/protocol.ts';
import { generateCafe } from '../../tests/fixtures/cafe-generator.ts';
import type { Db } from '../db/db.ts';
import { resegmentIfNewDay } from '../segments/resegment.ts';
import { ensureCafe, updateCafe } from '../cafe/cafes.repo.ts';
import { claimPairingCode, createPairingCode, deviceByToken, type Device } from '../cafe/devices.repo.ts';
import { createOwner } from '../cafe/owners.repo.ts';
import { applyPush } from '../sync/push.ts';

export interface DemoOptions {
  guests: number;
  purchases: number;
  days: number;
  seed: number;
  now: Date;
  owner: { email: string; password: string };
  onDay?: (done: number, of: number) => void;
}

const MENU = ['Капучино', 'Латте', 'Американо', 'Раф', 'Круассан', 'Чизкейк', 'Сэндвич'];

/** What a check held, as a barista taps it in: often a sum alone, sometimes a drink and something to eat. */
function demoItems(n: number): PurchaseItem[] {
  if (n % 3 === 0) return [];
  const drink = { name: MENU[n % 4]!, qty: n % 7 === 1 ? 2 : 1 };
  return n % 2 === 0 ? [drink, { name: MENU[4 + (n % 3)]!, qty: 1 }] : [drink];
}

export async function buildDemoCafe(db: Db, o: DemoOptions): Promise<void> {
  const cafe = await ensureCafe(db);
  await updateCafe(db, cafe.id, { name: 'Кофейня «Зерно» (демо)', timeZone: cafe.timeZone, rules: cafe.rules });
  await createOwner(db, cafe.id, o.owner.email, o.owner.password);
  const tablets: Device[] = [];
  for (const name of ['Стойка у входа', 'Стойка у окна']) {
    const { code } = await createPairingCode(db, cafe.id, o.now);
    const claim = await db.transaction((tx) => claimPairingCode(tx, code, name, o.now));
    if (!claim.ok) throw new Error(`demo tablet not paired: ${claim.reason}`);
    tablets.push((await deviceByToken(db, claim.token))!);
  }

  // Every write of the generated history, on the café day it happened, from one of the tablets.
  const zone = cafe.timeZone;
  const days = new Map<LocalDate, { at: Date; tablet: number; mutation: Mutation }[]>();
  const add = (at: Date, tablet: number, mutation: Mutation) => {
    const day = localDateOf(at, zone);
    days.set(day, [...(days.get(day) ?? []), { at, tablet, mutation }]);
  };
  let g = 0;
  for (const guest of generateCafe({ guests: o.guests, purchases: o.purchases, seed: o.seed, end: o.now, days: o.days, zone })) {
    const guestId = newId();
    const home = g++ % 2;
    const consent = { granted: g % 3 !== 0, at: guest.registeredAt.toISOString() };
    add(guest.registeredAt, home, {
      kind: 'guest.register',
      guestId,
      phone: guest.phone,
      name: guest.name,
      birthday: null,
      consent,
      registeredAt: guest.registeredAt.toISOString(),
    });
    for (const [i, p] of guest.purchases.entries()) {
      add(p.at, i % 5 === 4 ? 1 - home : home, {
        kind: 'purchase.record',
        purchaseId: newId(),
        guestId,
        purchasedAt: p.at.toISOString(),
        amount: p.amount,
        items: demoItems(g + i),
        discount: 0,
        pointsRedeemed: 0,
      });
    }
  }

  // Every café day from the first write to today, quiet ones too: time moves guests on those as well.
  const first = [...days.keys()].sort()[0] ?? localDateOf(o.now, zone);
  const order: LocalDate[] = [];
  for (let d = first; d <= localDateOf(o.now, zone); d = addCalendarDays(d, 1)) order.push(d);
  const clocks: (string | null)[] = [null, null];
  for (const [n, day] of order.entries()) {
    const writes = (days.get(day) ?? []).sort((a, b) => a.at.getTime() - b.at.getTime());
    const endOfDay = new Date(startOfLocalDay(addCalendarDays(day, 1), zone).getTime() - 60_000);
    const pushedAt = endOfDay < o.now ? endOfDay : o.now;
    for (const [t, tablet] of tablets.entries()) {
      const mine = writes.filter((w) => w.tablet === t);
      for (let i = 0; i < mine.length; i += PUSH_LIMIT) {
        const mutations: Envelope[] = mine.slice(i, i + PUSH_LIMIT).map((w) => {
          clocks[t] = tick(clocks[t]!, w.at.getTime(), tablet.id);
          return { mutationId: newId(), at: w.at.toISOString(), hlc: clocks[t]!, mutation: w.mutation };
        });
        await applyPush(db, tablet, { protocol: PROTOCOL, deviceTime: pushedAt.toISOString(), mutations }, pushedAt);
      }
    }
    // Just after the café's midnight: the moves that time alone causes.
    const nextMorning = new Date(startOfLocalDay(addCalendarDays(day, 1), zone).getTime() + 60_000);
    if (nextMorning < o.now) await resegmentIfNewDay(db, cafe.id, nextMorning);
    o.onDay?.(n + 1, order.length);
  }
  await resegmentIfNewDay(db, cafe.id, o.now);
}
