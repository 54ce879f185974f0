/**
 * A tablet's registrations and profile edits, applied on the server. A registration of a
 * phone the café already knows becomes a merge (merge.repo.ts); an edit changes each field
 * only when its hybrid clock is later than the field's last write (shared/sync/merge.ts).
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
    for (const env of run) {
      const id = await register(ctx, env);
      ctx.touched.add(id);
      // Marketing consent's history (mailings): the counter asked, whatever the answer.
      await recordCounterConsent(ctx.tx, ctx.cafeId, id, env.mutation.consent, ctx.device.id, ctx.now);
    }
  },
};

export const updateGuests: Applier<'guest.update'> = {
  async apply(ctx, run) {
    for (const env of run) {
      const id = await update(ctx, env);
      ctx.touched.add(id);
      if (env.mutation.consent) await recordCounterConsent(ctx.tx, ctx.cafeId, id, env.mutation.consent, ctx.device.id, ctx.now);
    }
  },
};

async function register({ tx, cafeId, now }: PushContext, env: EnvelopeOf<'guest.register'>): Promise<GuestId> {
  const m = env.mutation;
  const id = m.guestId as GuestId;
  const resolved = (await resolveGuestIds(tx, [id])).get(id)!;
  if (resolved !== id) return resolved; // merged away earlier: nothing to register
  if ((await tx.query('SELECT 1 FROM guests WHERE id = $1', [id])).length) return id;
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
    },
  ]);
  if (inserted.length) return id;
  // Another tablet registered this phone first (or later): one guest, by a fixed rule.
  return mergeGuests(tx, cafeId, m, env.hlc, now);
}

async function update({ tx }: PushContext, env: EnvelopeOf<'guest.update'>): Promise<GuestId> {
  const m = env.mutation;
  const id = (await resolveGuestIds(tx, [m.guestId as GuestId])).get(m.guestId as GuestId)!;
  const rows = await tx.query<{ field_clocks: FieldClocks }>('SELECT field_clocks FROM guests WHERE id = $1 FOR UPDATE', [id]);
  if (!rows[0]) throw new DomainError('unknown-guest', 'guest.update names a guest this café does not have', 'mutations');
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
