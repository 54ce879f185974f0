/**
 * A hostile or broken tablet for the simulator: paired like any other, it pushes batches it
 * crafts itself through the real push endpoint — garbled stamps, stamps and times far ahead,
 * a device clock days ahead, amounts past the café's ceiling and 2^53 − 1, NUL and bidi
 * characters, ids the honest tablets had stored reused for other content, a void of another
 * tablet's sale — with valid mutations mixed into the same batches, which must still be
 * applied. Every case says what the server must do with it and what would show in storage if
 * it leaked (hostile-check.ts audits that). Ids reused are only ones the server already holds
 * (an honest tablet's `sent` rows): reusing one still in an outbox would be a race the honest
 * tablet loses, not an attack the server can tell.
 */
import type { CounterDb } from '../../client/data/db.ts';
import { newId } from '../../server/new-id.ts';
import { formatHlc } from '../../shared/sync/hlc.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import { MAX_PURCHASE_KOPECKS } from '../../shared/sync/plausible.ts';
import { PROTOCOL } from '../../shared/sync/protocol.ts';
import type { HostileCase, HostileKind } from './hostile-check.ts';

const DAY_MS = 24 * 3600_000;

/** An honest tablet's mutation the server has acked: what a hostile one may reuse the ids of. */
export interface StoredHonest {
  mutationId: string;
  mutation: Mutation;
}

export interface HostileBatch {
  body: { protocol: number; deviceTime: string; mutations: unknown[] };
  cases: HostileCase[];
  /** The device clock was set days ahead: the server must flag it (and still judge each mutation). */
  clockAhead: boolean;
}

/** Acked mutations of the honest tablets, kinds a hostile tablet reuses the ids of. */
export async function storedHonest(tablets: readonly CounterDb[]): Promise<StoredHonest[]> {
  const rows: StoredHonest[] = [];
  for (const db of tablets)
    for (const s of await db.sent.toArray())
      if (s.mutation.kind === 'guest.register' || s.mutation.kind === 'purchase.record') rows.push({ mutationId: s.mutationId, mutation: s.mutation });
  return rows;
}

export class HostileTablet {
  /** Guests it registered validly: the targets of its valid purchases. */
  private readonly guests: string[] = [];
  private phones = 0;
  private counter = 0;
  /** Whose turn it is among the hostile kinds, and how many valid purchases were sent (every fourth is at the ceiling). */
  private turn = 0;
  private validPurchases = 0;

  constructor(
    private readonly index: number,
    private readonly seed: number,
    private readonly random: () => number,
  ) {}

  /** A phone in a range no honest tablet uses, so a stored one is known to be this tablet's. */
  private phone(): string {
    return `+7976${this.index}${String(this.seed % 100).padStart(2, '0')}${String(this.phones++).padStart(4, '0')}`;
  }

  private envelope(mutation: unknown, at: Date, over: { hlc?: string; at?: string; mutationId?: string } = {}) {
    const hlc = formatHlc({ wall: at.getTime(), counter: ++this.counter, node: `hostile${this.index}` });
    return { mutationId: over.mutationId ?? newId(), at: over.at ?? at.toISOString(), hlc: over.hlc ?? hlc, mutation };
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }

  /** One batch: 2–5 hostile mutations and 1–3 valid ones, shuffled. */
  batch(now: Date, honest: readonly StoredHonest[]): HostileBatch {
    const cases: HostileCase[] = [];
    const ago = new Date(now.getTime() - 60_000);
    const purchaseOf = (guestId: string, amount: number, at = ago, purchaseId: string = newId()) => ({
      kind: 'purchase.record',
      purchaseId,
      guestId,
      purchasedAt: at.toISOString(),
      amount,
      items: [],
      discount: 0,
      pointsRedeemed: 0,
    });
    const registrationOf = (guestId: string, phone: string, name: string | null, at = ago) => ({
      kind: 'guest.register',
      guestId,
      phone,
      name,
      birthday: null,
      consent: { granted: false, at: at.toISOString() },
      registeredAt: at.toISOString(),
    });
    const purchases = honest.filter((h) => h.mutation.kind === 'purchase.record');
    const registrations = honest.filter((h) => h.mutation.kind === 'guest.register');
    const someGuest = () => (registrations.length ? (this.pick(registrations).mutation as { guestId: string }).guestId : newId());
    const refuse = (kind: HostileKind, envelope: ReturnType<HostileTablet['envelope']>, marks: HostileCase['marks'] = {}) =>
      cases.push({ kind, expect: 'refuse', envelope, mutationId: envelope.mutationId, marks });

    const hostile: (() => void)[] = [
      () =>
        refuse(
          'stamp-garbled',
          this.envelope(purchaseOf(someGuest(), 100_00), ago, { hlc: this.pick(['~', '', 'x:y:z', '9'.repeat(79), '000000000000001:zzzzz:']) }),
        ),
      () => {
        const phone = this.phone();
        const wall = now.getTime() + DAY_MS + 60_000 + Math.floor(this.random() * 365 * DAY_MS);
        refuse('stamp-ahead', this.envelope(registrationOf(newId(), phone, 'Из будущего'), ago, { hlc: formatHlc({ wall, counter: 0, node: 'h' }) }), {
          phone,
        });
      },
      () => {
        const purchaseId = newId();
        refuse('at-ahead', this.envelope(purchaseOf(someGuest(), 100_00, ago, purchaseId), ago, { at: new Date(now.getTime() + 2 * DAY_MS).toISOString() }), {
          purchaseId,
        });
      },
      () => {
        const purchaseId = newId();
        refuse('time-ahead', this.envelope(purchaseOf(someGuest(), 100_00, new Date(now.getTime() + 3 * DAY_MS), purchaseId), ago), { purchaseId });
      },
      () => {
        const purchaseId = newId();
        refuse('amount-over-ceiling', this.envelope(purchaseOf(someGuest(), MAX_PURCHASE_KOPECKS + 1, ago, purchaseId), ago), { purchaseId });
      },
      () => {
        const purchaseId = newId();
        refuse('amount-max-safe', this.envelope(purchaseOf(someGuest(), Number.MAX_SAFE_INTEGER, ago, purchaseId), ago), { purchaseId });
      },
      () => {
        const phone = this.phone();
        refuse('name-nul', this.envelope(registrationOf(newId(), phone, 'Ан\u0000на'), ago), { phone });
      },
      () => {
        const phone = this.phone();
        refuse('name-bidi', this.envelope(registrationOf(newId(), phone, 'Анна\u202eаннА'), ago), { phone });
      },
    ];
    if (purchases.length)
      hostile.push(
        () => {
          const h = this.pick(purchases).mutation as { purchaseId: string; guestId: string; amount: number };
          const purchaseId = h.purchaseId;
          refuse('reused-purchase-id', this.envelope(purchaseOf(h.guestId, h.amount + 1, ago, purchaseId), ago), {
            reused: { purchaseId, amount: h.amount },
          });
        },
        () => {
          const h = this.pick(purchases).mutation as { purchaseId: string };
          refuse('foreign-void', this.envelope({ kind: 'purchase.void', purchaseId: h.purchaseId, reason: 'чужой возврат', voidedAt: ago.toISOString() }, ago));
        },
      );
    if (registrations.length)
      hostile.push(() => {
        const h = this.pick(registrations).mutation as { guestId: string; phone: string };
        const phone = this.phone();
        refuse('reused-guest-id', this.envelope(registrationOf(h.guestId, phone, 'Самозванец'), ago), {
          phone,
          reused: { guestId: h.guestId, phone: h.phone },
        });
      });
    if (honest.length)
      hostile.push(() => {
        const h = this.pick(honest);
        const phone = this.phone();
        refuse('reused-mutation-id', this.envelope(registrationOf(newId(), phone, 'Подмена'), ago, { mutationId: h.mutationId }), {
          phone,
          reused: { mutationId: h.mutationId, kind: h.mutation.kind },
        });
      });

    const valid: (() => void)[] = [
      () => {
        const guestId = newId();
        const phone = this.phone();
        const envelope = this.envelope(registrationOf(guestId, phone, `Гость ${phone.slice(-4)}`), ago);
        cases.push({ kind: 'valid-register', expect: 'apply', envelope, mutationId: envelope.mutationId, marks: { phone } });
        this.guests.push(guestId);
      },
    ];
    // Only guests registered in an earlier batch: a refused mutation before it must not matter, but the order in one batch would.
    const earlier = [...this.guests];
    if (earlier.length)
      valid.push(() => {
        const purchaseId = newId();
        // The ceiling itself is a check the server must take.
        const amount = this.validPurchases++ % 4 === 0 ? MAX_PURCHASE_KOPECKS : 100 + Math.floor(this.random() * 100_000);
        const envelope = this.envelope(purchaseOf(this.pick(earlier), amount, ago, purchaseId), ago);
        cases.push({
          kind: amount === MAX_PURCHASE_KOPECKS ? 'valid-ceiling' : 'valid-purchase',
          expect: 'apply',
          envelope,
          mutationId: envelope.mutationId,
          marks: { purchaseId },
        });
      });

    const hostileCount = 2 + Math.floor(this.random() * 4);
    // In turn rather than at random, so a short run still sends every kind.
    for (let i = 0; i < hostileCount; i++) hostile[this.turn++ % hostile.length]!();
    const validCount = 1 + Math.floor(this.random() * 3);
    for (let i = 0; i < validCount; i++) this.pick(valid)();
    // Shuffled (Fisher–Yates on the seeded generator): refused ones land before, between and after the valid ones.
    for (let i = cases.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [cases[i], cases[j]] = [cases[j]!, cases[i]!];
    }
    const clockAhead = this.random() < 0.3;
    const deviceTime = new Date(now.getTime() + (clockAhead ? 3 * DAY_MS : 0)).toISOString();
    return { body: { protocol: PROTOCOL, deviceTime, mutations: cases.map((c) => c.envelope) }, cases, clockAhead };
  }
}
