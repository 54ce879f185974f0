/** Guests at the counter: register, find by phone, edit the profile. Each write queues its outbox entry in the same transaction. */
import { localDateOf } from '../../shared/domain/calendar.ts';
import { emptyStats } from '../../shared/domain/guest.ts';
import { parseBirthday, parseName } from '../../shared/domain/guest-profile.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import { newId } from './new-id.ts';
import { parseRuMobile } from '../../shared/domain/phone.ts';
import { nationalDigits, phoneMatch, phoneQuery } from '../../shared/domain/phone-search.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import type { CounterDb, GuestRow } from './db.ts';
import { CounterError, guardQuota, type CounterErrorCode } from './errors.ts';
import { toStatsRow } from './guest-view.ts';
import { enqueue } from './outbox.ts';
import { allGuestDigits } from './phone-index.ts';
import { readSettings } from './settings.ts';

export interface RegistrationInput {
  phone: string;
  name: string;
  birthday: string;
  consent: boolean;
}

export class FormError extends Error {
  constructor(
    readonly fields: Record<string, CounterErrorCode>,
    /** With 'phone-taken': the guest who has the number, so the screen can open them. */
    readonly existing?: GuestId,
  ) {
    super(Object.values(fields).join(', '));
  }
}

export async function registerGuest(db: CounterDb, input: RegistrationInput, now: Date): Promise<GuestRow> {
  return guardQuota(() =>
    db.transaction('rw', [db.guests, db.stats, db.outbox, db.settings], async () => {
      const settings = await readSettings(db);
      const today = localDateOf(now, settings.timeZone);
      const fields: Record<string, CounterErrorCode> = {};
      const phone = parseRuMobile(input.phone);
      const name = parseName(input.name);
      const birthday = parseBirthday(input.birthday, today);
      const existing = phone.ok ? await db.guests.where('phone').equals(phone.value).first() : undefined;
      if (!phone.ok) fields.phone = 'phone-invalid';
      else if (existing) fields.phone = 'phone-taken';
      if (!name.ok) fields.name = 'name-too-long';
      if (!birthday.ok) fields.birthday = birthday.error as CounterErrorCode;
      if (!phone.ok || !name.ok || !birthday.ok || Object.keys(fields).length) throw new FormError(fields, existing?.id);

      const guest: GuestRow = {
        id: newId<GuestId>(),
        phone: phone.value,
        digits: nationalDigits(phone.value),
        last4: phone.value.slice(-4),
        name: name.value,
        birthday: birthday.value,
        consent: { granted: input.consent, at: now.toISOString() },
        registeredAt: now.getTime(),
      };
      await db.guests.add(guest);
      await db.stats.put(toStatsRow(guest.id, emptyStats(now), null));
      await enqueue(
        db,
        settings,
        {
          kind: 'guest.register',
          guestId: guest.id,
          phone: guest.phone,
          name: guest.name,
          birthday: guest.birthday,
          consent: guest.consent,
          registeredAt: now.toISOString(),
        },
        now,
      );
      return guest;
    }),
  );
}

export interface ProfileChanges {
  name?: string;
  birthday?: string;
  consent?: boolean;
}

/** Saves what changed; a consent change is stamped with its time (a guest who says stop is unsubscribed now). */
export async function updateGuest(db: CounterDb, guestId: GuestId, changes: ProfileChanges, now: Date): Promise<GuestRow> {
  return guardQuota(() =>
    db.transaction('rw', [db.guests, db.outbox, db.settings], async () => {
      const guest = await db.guests.get(guestId);
      if (!guest) throw new CounterError('guest-not-found');
      const settings = await readSettings(db);
      const fields: Record<string, CounterErrorCode> = {};
      const next: GuestRow = { ...guest };
      const mutation: Extract<Mutation, { kind: 'guest.update' }> = { kind: 'guest.update', guestId };
      if (changes.name !== undefined) {
        const name = parseName(changes.name);
        if (!name.ok) fields.name = 'name-too-long';
        else if (name.value !== guest.name) next.name = mutation.name = name.value;
      }
      if (changes.birthday !== undefined) {
        const birthday = parseBirthday(changes.birthday, localDateOf(now, settings.timeZone));
        if (!birthday.ok) fields.birthday = birthday.error as CounterErrorCode;
        else if (birthday.value !== guest.birthday) next.birthday = mutation.birthday = birthday.value;
      }
      if (changes.consent !== undefined && changes.consent !== guest.consent.granted) {
        next.consent = mutation.consent = { granted: changes.consent, at: now.toISOString() };
      }
      if (Object.keys(fields).length) throw new FormError(fields);
      if (Object.keys(mutation).length > 2) {
        await db.guests.put(next);
        await enqueue(db, settings, mutation, now);
      }
      return next;
    }),
  );
}

/** How many guests a search shows; the rest are counted ("ещё 35 — уточните номер"). */
export const SEARCH_LIMIT = 20;

export interface GuestSearch {
  /** The best matches, the whole number first, then beginnings, last digits, digits inside. */
  guests: GuestRow[];
  /** How many guests match in all. */
  total: number;
  /** The guest whose whole number was typed, if any: Enter opens them. */
  exact: GuestRow | null;
}

/** Guests whose number starts with, ends with or contains the typed digits (phone-search.ts). */
export async function searchGuests(db: CounterDb, typed: string): Promise<GuestSearch> {
  const q = phoneQuery(typed);
  if (q.prefix === null && q.fragment === null) return { guests: [], total: 0, exact: null };
  const matches: { digits: string; rank: number }[] = [];
  for (const digits of await allGuestDigits(db)) {
    const rank = phoneMatch(digits, q);
    if (rank !== null) matches.push({ digits, rank });
  }
  // Keys come in index order, so a stable sort by rank keeps each rank in number order.
  matches.sort((a, b) => a.rank - b.rank);
  const shown = matches.slice(0, SEARCH_LIMIT).map((m) => m.digits);
  const rows = await db.guests.where('digits').anyOf(shown).toArray();
  const byDigits = new Map(rows.map((g) => [g.digits, g]));
  const guests = shown.map((d) => byDigits.get(d)).filter((g): g is GuestRow => g !== undefined);
  return { guests, total: matches.length, exact: matches[0]?.rank === 0 ? (byDigits.get(matches[0].digits) ?? null) : null };
}
