import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GuestId } from '../domain/ids.ts';
import { type AudienceGuest, planAudience } from './audience.ts';
import { CHANNEL_IDS } from './channels.ts';

const id = (n: number) => `0190f0aa-0000-7000-8000-${n.toString().padStart(12, '0')}` as GuestId;
const guest = (n: number, consent: boolean, channel: AudienceGuest['channel'], overCap = false): AudienceGuest => ({
  guestId: id(n),
  consent,
  channel,
  overCap,
});

describe('the audience before sending', () => {
  // 10 guests in the segments: 3 without consent (one of them reachable by SMS), 2 with
  // consent and no channel, 5 eligible: 3 by Telegram (one over the cap), 2 by SMS (one over the cap).
  const audience = [
    guest(1, false, 'sms'),
    guest(2, false, null),
    guest(3, false, null),
    guest(4, true, null),
    guest(5, true, null),
    guest(6, true, 'telegram'),
    guest(7, true, 'telegram'),
    guest(8, true, 'telegram', true),
    guest(9, true, 'sms'),
    guest(10, true, 'sms', true),
  ];

  it('counts each step on a hand-built audience with no holdout', () => {
    expect(planAudience(audience, { percent: 0, seed: 'm1' }).counts).toEqual({
      inSegments: 10,
      noConsent: 3,
      unreachable: 2,
      eligible: 5,
      heldOut: 0,
      queued: 5,
      overCapNow: 2,
      byChannel: { log: 0, sms: 2, telegram: 3, email: 0 },
    });
  });

  it('holds out round(5 × 50 %) = 3 of the eligible (halves up) and queues the other 2', () => {
    const plan = planAudience(audience, { percent: 50, seed: 'm1' });
    expect(plan.counts).toMatchObject({ eligible: 5, heldOut: 3, queued: 2 });
    const held = plan.decisions.filter((d) => d.decision === 'held-out').map((d) => d.guestId);
    expect(held).toHaveLength(3);
    for (const g of held) expect([6, 7, 8, 9, 10].map(id)).toContain(g);
  });

  it('keeps one decision per guest, in the order given, and says why for the excluded', () => {
    const plan = planAudience(audience, { percent: 0, seed: 'm1' });
    expect(plan.decisions.map((d) => d.decision)).toEqual([
      'no-consent',
      'no-consent',
      'no-consent',
      'unreachable',
      'unreachable',
      'queue',
      'queue',
      'queue',
      'queue',
      'queue',
    ]);
    expect(plan.decisions[7]).toEqual({ guestId: id(8), decision: 'queue', channel: 'telegram', overCapNow: true });
  });

  it('holds out guests over the cap too, so the holdout does not lean towards the least-written-to', () => {
    const allOverCap = [guest(1, true, 'sms', true), guest(2, true, 'sms', true), guest(3, true, 'sms', true), guest(4, true, 'sms', true)];
    expect(planAudience(allOverCap, { percent: 50, seed: 'm' }).counts).toMatchObject({ eligible: 4, heldOut: 2, queued: 2, overCapNow: 2 });
  });

  it('refuses a guest listed twice', () => {
    expect(() => planAudience([guest(1, true, 'log'), guest(1, true, 'log')], { percent: 10, seed: 'm' })).toThrow(RangeError);
  });

  it('adds up for any audience and queues or holds out only eligible guests on their own channel', () => {
    const g = fc.record({ consent: fc.boolean(), channel: fc.constantFrom(null, ...CHANNEL_IDS), overCap: fc.boolean() });
    fc.assert(
      fc.property(fc.array(g, { maxLength: 120 }), fc.integer({ min: 0, max: 50 }), fc.string(), (facts, percent, seed) => {
        const guests = facts.map((f, i) => ({ guestId: id(i), ...f }));
        const { counts, decisions } = planAudience(guests, { percent, seed });
        expect(counts.inSegments).toBe(counts.noConsent + counts.unreachable + counts.eligible);
        expect(counts.eligible).toBe(counts.heldOut + counts.queued);
        expect(counts.heldOut).toBe(Math.floor((counts.eligible * percent * 100 + 5000) / 10_000));
        expect(Object.values(counts.byChannel).reduce((a, b) => a + b, 0)).toBe(counts.queued);
        expect(counts.overCapNow).toBe(decisions.filter((d) => d.decision === 'queue' && d.overCapNow).length);
        for (const d of decisions) {
          const f = guests.find((x) => x.guestId === d.guestId)!;
          if (d.decision === 'held-out' || d.decision === 'queue') expect(f.consent && f.channel === d.channel).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
