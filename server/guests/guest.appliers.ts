/**
 * A tablet's registrations and profile edits, applied on the server. A registration of a
 * phone the café already knows becomes a merge (merge.repo.ts); an edit changes each field
 * only when its hybrid clock is later than the field's last write (shared/sync/merge.ts).
 * Every consent answer that arrives is kept in the guest's consent history (server/mailings/consent.repo.ts),
 * whether or not it is the one that stands. A guest deleted on request (erase.repo.ts) takes
 * no more edits: a tablet that had not heard of the deletion cannot bring a name back.
 */
import type { GuestId } from '../../shared/domain/ids.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import { DomainError } from '../../shared/domain/domain-error.ts';
import { editWins, PROFILE_FIELDS, type FieldClocks } from '../../shared/sync/merge.ts';
import type { Applier, EnvelopeOf, PushContext } from '../sync/applier.ts';
import { recordCounterConsent } from '../mailings/consent.repo.ts';
import { insertGuests } from './guests.repo.ts';
import { mergeGuests, resolveGuestIds } from './merge.repo.ts';

export const registerGuests: Applier<'guest.register'> = {
  async apply(ctx, run) {
    for (const env of run) ctx.touched.add(await register(ctx, env));
  },
};

export const updateGuests: Applier<'guest.update'> = {
  async apply(ctx, run) {
    for (const env of run) ctx.touched.add(await update(ctx, env));
  },
};

async function register(ctx: PushContext, env: EnvelopeOf<'guest.register'>): Promise<GuestId> {
  const id = await registerOrMerge(ctx, env);
  // The counter asked; whatever the answer, it goes into the history.
  await recordCounterConsent(ctx.tx, ctx.cafeId, id, env.mutation.consent, ctx.device.id, ctx.now);
  return id;
}

async function registerOrMerge({ tx, cafeId, device, now }: PushContext, env: EnvelopeOf<'guest.register'>): Promise<GuestId> {
  const m = env.mutation;
  const id = m.guestId as GuestId;
  const resolved = (await resolveGuestIds(tx, [id])).get(id)!;
  // A retry (or a re-push after a restore) names the same phone; another phone under this id
  // is a different guest, and acking it would lose that registration without a word. An id
  // merged away earlier is checked against the guest it was merged into, which holds its phone.
  const stored = await tx.query<{ phone: string | null; erased: boolean }>('SELECT phone, erased_at IS NOT NULL AS erased FROM guests WHERE id = $1', [
    resolved,
  ]);
  if (stored[0] && !stored[0].erased && stored[0].phone !== m.phone)
    throw new DomainError('id-conflict', 'this guest id already names a guest with another phone', 'guestId');
  if (resolved !== id) return resolved; // merged away earlier: nothing to register
  if (stored[0]) return id;
  const clocks = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, env.hlc])) as FieldClocks;
  const inserted = await insertGuests(tx, cafeId, [
    {
      id,
      phone: m.phone as E164Phone,
      name: m.name,
      registeredAt: new Date(m.registeredAt),
      via: 'counter',
      birthday: m.birthday,
      consent: { granted: m.consent.granted, at: new Date(m.consent.at) },
      fieldClocks: clocks,
      registeredDeviceId: device.id,
    },
  ]);
  if (inserted.length) return id;
  // Another tablet registered this phone first (or later): one guest, by a fixed rule.
  return mergeGuests(tx, cafeId, m, env.hlc, { now, deviceId: device.id });
}

async function update({ tx, cafeId, device, now }: PushContext, env: EnvelopeOf<'guest.update'>): Promise<GuestId> {
  const m = env.mutation;
  const id = (await resolveGuestIds(tx, [m.guestId as GuestId])).get(m.guestId as GuestId)!;
  const rows = await tx.query<{ field_clocks: FieldClocks; erased: boolean }>(
    'SELECT field_clocks, erased_at IS NOT NULL AS erased FROM guests WHERE id = $1 FOR UPDATE',
    [id],
  );
  if (!rows[0]) throw new DomainError('unknown-guest', 'guest.update names a guest this café does not have', 'mutations');
  if (rows[0].erased) return id;
  if (m.consent) await recordCounterConsent(tx, cafeId, id, m.consent, device.id, now);

  const clocks = { ...rows[0].field_clocks };
  const sets: string[] = [];
  const params: unknown[] = [id];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  for (const f of PROFILE_FIELDS) {
    if (m[f] === undefined || !editWins(clocks[f], env.hlc)) continue;
    clocks[f] = env.hlc;
    if (f === 'consent') {
      set('consent', m.consent!.granted);
      set('consent_at', m.consent!.at);
    } else set(f, m[f]);
  }
  if (sets.length) {
    set('field_clocks', JSON.stringify(clocks));
    await tx.query(`UPDATE guests SET ${sets.join(', ')}, version = nextval('change_seq') WHERE id = $1`, params);
  }
  return id;
}
