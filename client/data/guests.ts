/**
 * Guests at the counter: register and edit the profile (finding them is guest-search.ts).
 * Each write queues its outbox entry in the same transaction. This module parses phones with
 * libphonenumber, so screens load it when they write, not with the first screen.
 */
import { localDateOf } from '../../shared/domain/calendar.ts';
import { emptyStats } from '../../shared/domain/guest.ts';
import { parseBirthday, parseName } from '../../shared/domain/guest-profile.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import { newId } from './new-id.ts';
import { parseRuMobile } from '../../shared/domain/phone.ts';
import { nationalDigits } from '../../shared/domain/phone-search.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import type { CounterDb, GuestRow } from './db.ts';
import { CounterError, FormError, guardQuota, type CounterErrorCode } from './errors.ts';
import { toStatsRow } from './guest-view.ts';
import { enqueue } from './outbox.ts';
import { readSettings } from './settings.ts';
import { welcomeEntry } from '../../shared/loyalty/entries.ts';
import { ownEntry } from './loyalty.ts';

export { FormError };

export interface RegistrationInput {
  phone: string;
  name: string;
  birthday: string;
  consent: boolean;
}

export async function registerGuest(db: CounterDb, input: RegistrationInput, now: Date): Promise<GuestRow> {
  return guardQuota(() =>
    db.transaction('rw', [db.guests, db.stats, db.outbox, db.settings, db.ledger], async () => {
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
      // The programme's welcome bonus as this tablet knows it; the server credits its own under this id.
      const welcome = welcomeEntry(settings.program, newId(), now);
      const mutationId = await enqueue(
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
          ...(welcome ? { welcomeEntryId: welcome.id } : {}),
        },
        now,
      );
      if (welcome) await db.ledger.add(ownEntry(welcome, guest.id, mutationId));
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
