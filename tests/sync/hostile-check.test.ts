import { describe, expect, it } from 'vitest';
import { MAX_PURCHASE_KOPECKS } from '../../shared/sync/plausible.ts';
import { auditHostile, type HostileCase, type HostileEvidence, type HostileExchange } from './hostile-check.ts';

const HOSTILE_DEVICE = 'd0000000-0000-7000-8000-000000000001';
const HONEST_DEVICE = 'd0000000-0000-7000-8000-000000000002';
const END = new Date('2026-10-05T12:00:00Z');

const refuse = (kind: HostileCase['kind'], mutationId: string, marks: HostileCase['marks'] = {}): HostileCase => ({
  kind,
  expect: 'refuse',
  envelope: {},
  mutationId,
  marks,
});

/** One batch: a NUL name, an oversized purchase, a reused purchase id, a reused guest id and one valid registration. */
const cases: HostileCase[] = [
  refuse('name-nul', 'm1', { phone: '+79760010001' }),
  refuse('amount-max-safe', 'm2', { purchaseId: 'p-big' }),
  refuse('reused-purchase-id', 'm3', { reused: { purchaseId: 'p-honest', amount: 350_00 } }),
  refuse('reused-guest-id', 'm4', { phone: '+79760010002', reused: { guestId: 'g-honest', phone: '+79770010000' } }),
  { kind: 'valid-register', expect: 'apply', envelope: {}, mutationId: 'm5', marks: { phone: '+79760010003' } },
];
const answered: HostileExchange = { cases, status: 200, acked: ['m5'], refused: ['m1', 'm2', 'm3', 'm4'], clockAhead: true, clockFlagged: true };

/** Storage as it must be: the honest rows as their tablet made them, and the one valid hostile guest. */
const clean = (): HostileEvidence => ({
  mutationIds: ['m5'],
  purchaseIds: [],
  voidedIds: [],
  guests: [
    { id: 'g-honest', phone: '+79770010000', name: 'Анна' },
    { id: 'g-valid', phone: '+79760010003', name: 'Гость 0003' },
  ],
  purchases: [{ id: 'p-honest', amount: 350_00, deviceId: HONEST_DEVICE, purchasedAt: new Date('2026-10-05T10:00:00Z') }],
  mutationsById: new Map(),
  voidReasons: [],
  hostileDevices: new Set([HOSTILE_DEVICE]),
  latestPlausible: new Date(END.getTime() + 24 * 3600_000),
});

describe('hostile tablet audit', () => {
  it('counts refusals and valid mutations applied, and finds nothing when storage holds no hostile content', () => {
    expect(auditHostile([answered], clean())).toMatchObject({
      sent: 5,
      refused: 4,
      applied: 1,
      leaked: 0,
      wronglyApplied: 0,
      wronglyRefused: 0,
      serverErrors: 0,
      clockAhead: 1,
      clockFlagged: 1,
      failures: [],
    });
  });

  it.each<[string, (e: HostileEvidence) => HostileEvidence]>([
    ['a guest with a NUL in the name', (e) => ({ ...e, guests: [...e.guests, { id: 'g-x', phone: '+79760010009', name: 'Ан\u0000на' }] })],
    ['a guest with the phone of a refused registration', (e) => ({ ...e, guests: [...e.guests, { id: 'g-x', phone: '+79760010001', name: null }] })],
    [
      'a purchase past the ceiling',
      (e) => ({ ...e, purchases: [...e.purchases, { id: 'p-other', amount: MAX_PURCHASE_KOPECKS + 1, deviceId: HONEST_DEVICE, purchasedAt: END }] }),
    ],
    ['the refused purchase itself', (e) => ({ ...e, purchases: [...e.purchases, { id: 'p-big', amount: 100, deviceId: HOSTILE_DEVICE, purchasedAt: END }] })],
    [
      'an honest purchase whose id was reused, changed',
      (e) => ({ ...e, purchases: [{ id: 'p-honest', amount: 350_01, deviceId: HONEST_DEVICE, purchasedAt: END }] }),
    ],
    ['an honest guest whose id was reused, with the hostile phone', (e) => ({ ...e, guests: [{ id: 'g-honest', phone: '+79760010002', name: 'Анна' }] })],
    ['a mutation of the hostile device that no valid case sent', (e) => ({ ...e, mutationIds: [...e.mutationIds, 'm1'] })],
    ['a void by the hostile device', (e) => ({ ...e, voidedIds: ['p-honest'] })],
    [
      'a purchase days past the server clock',
      (e) => ({
        ...e,
        purchases: [...e.purchases, { id: 'p-late', amount: 100, deviceId: HONEST_DEVICE, purchasedAt: new Date(END.getTime() + 3 * 24 * 3600_000) }],
      }),
    ],
  ])('reports a leak when storage holds %s', (_what, spoil) => {
    const f = auditHostile([answered], spoil(clean()));
    expect(f.leaked).toBeGreaterThan(0);
    expect(f.failures).toHaveLength(f.leaked);
  });

  it('reports a hostile mutation acked, a valid one refused, and a 5xx answer', () => {
    const wrong: HostileExchange = { ...answered, acked: ['m1'], refused: ['m2', 'm3', 'm4', 'm5'] };
    expect(auditHostile([wrong], clean())).toMatchObject({ refused: 3, wronglyApplied: 1, applied: 0, wronglyRefused: 1 });
    const crashed: HostileExchange = { ...answered, status: 500, acked: [], refused: [] };
    expect(auditHostile([crashed], clean())).toMatchObject({ serverErrors: 1, refused: 0, wronglyApplied: 0, wronglyRefused: 1 });
  });
});
