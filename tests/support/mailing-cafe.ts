/** Test helpers for mailings: guests with consent and purchases, written straight to storage, segments recorded. */
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import { type Cafe, ensureCafe } from '../../server/cafe/cafes.repo.ts';
import { lockCafe } from '../../server/db/cafe-lock.ts';
import type { Db } from '../../server/db/db.ts';
import { insertGuests } from '../../server/guests/guests.repo.ts';
import { insertConsentChanges } from '../../server/mailings/consent.repo.ts';
import { newId } from '../../server/new-id.ts';
import { recordPurchases } from '../../server/purchases/purchases.repo.ts';
import { recordSegmentChanges } from '../../server/segments/segments.repo.ts';

export interface SeedGuest {
  phone: string;
  name?: string | null;
  consent?: boolean;
  registeredAt: Date;
  purchases?: { at: Date; amount: number }[];
  email?: string;
  telegramChatId?: string;
}

export async function seedGuests(db: Db, guests: readonly SeedGuest[], now: Date): Promise<{ cafe: Cafe; ids: GuestId[] }> {
  const cafe = await ensureCafe(db);
  const ids = guests.map(() => newId<GuestId>());
  await db.transaction(async (tx) => {
    await lockCafe(tx, cafe.id);
    await insertGuests(
      tx,
      cafe.id,
      guests.map((g, i) => ({
        id: ids[i]!,
        phone: g.phone as E164Phone,
        name: g.name ?? null,
        registeredAt: g.registeredAt,
        via: 'import' as const,
        consent: { granted: g.consent ?? true, at: g.registeredAt },
      })),
    );
    await insertConsentChanges(
      tx,
      cafe.id,
      guests.map((g, i) => ({
        guestId: ids[i]!,
        granted: g.consent ?? true,
        at: g.registeredAt,
        source: 'import' as const,
        by: { kind: 'import' as const, importId: 'seed' },
      })),
      now,
    );
    await recordPurchases(
      tx,
      cafe.id,
      guests.flatMap((g, i) =>
        (g.purchases ?? []).map((p) => ({ id: newId<PurchaseId>(), guestId: ids[i]!, purchasedAt: p.at, amount: p.amount as Kopecks, source: 'import' })),
      ),
    );
    for (const [i, g] of guests.entries()) {
      if (g.email) await tx.query('UPDATE guests SET email = $2 WHERE id = $1', [ids[i], g.email]);
      if (g.telegramChatId) {
        await tx.query('INSERT INTO guest_contacts (cafe_id, guest_id, telegram_chat_id) VALUES ($1, $2, $3)', [cafe.id, ids[i], g.telegramChatId]);
      }
    }
    await recordSegmentChanges(tx, cafe, now, ids);
  });
  return { cafe, ids };
}

/** `n` phones +7 900 000-00-00 upward, from `start`. */
export const phones = (n: number, start = 0) => Array.from({ length: n }, (_, i) => `+7900${String(start + i).padStart(7, '0')}`);

export const daysBefore = (now: Date, days: number, hours = 0) => new Date(now.getTime() - days * 86_400_000 - hours * 3_600_000);
