import { describe, expect, it } from 'vitest';
import { type Application, auditOffers, type ServerFlag } from './offers-check.ts';

const guest = { registeredAt: 1_000, purchaseCount: 3, lastPurchaseAt: 5_000 };
const DEFINITION = '{"window":{"from":"08:00","to":"12:00"}}';
// Tablet 0 used the once-only offer ('u1'), then tablet 1 used it for the same guest ('u2').
const app = (purchaseId: string, tablet: number, over: Partial<Application> = {}): Application => ({
  purchaseId,
  tablet,
  promotionId: 'p1',
  heldUses: [],
  status: 'active',
  definition: DEFINITION,
  guest,
  ...over,
});
const flag = (purchaseId: string, reason: string, over: Partial<ServerFlag> = {}): ServerFlag => ({
  purchaseId,
  reason,
  definition: DEFINITION,
  guest,
  breakingUses: [],
  ...over,
});
const use = (id: string, voided = false) => ({ id, voided });
const counts = (knowable: number, unknowable: number) => ({ offersFlaggedKnowable: knowable, offersFlaggedUnknowable: unknowable });

describe('the simulator’s audit of flagged offers', () => {
  it('finds nothing when nothing is flagged', () => {
    expect(auditOffers([app('u1', 0)], [])).toEqual({ offersFlagged: 0, ...counts(0, 0), offersFlaggedByReason: {}, offersFlaggedUnrecorded: 0 });
  });

  it('a limit broken by another tablet’s use is unknowable; by the same tablet’s own standing use, knowable', () => {
    const apps = [app('u1', 0), app('u2', 1), app('u3', 0)];
    expect(auditOffers(apps, [flag('u2', 'used-once', { breakingUses: [use('u1')] })])).toMatchObject(counts(0, 1));
    expect(auditOffers(apps, [flag('u3', 'used-once', { breakingUses: [use('u1'), use('u2')] })])).toMatchObject(counts(1, 0));
    expect(auditOffers(apps, [flag('u3', 'used-today', { breakingUses: [use('u1')] })])).toMatchObject(counts(1, 0));
    // Another tablet's use whose void reached the server after it judged: still not this tablet's to know.
    expect(auditOffers(apps, [flag('u2', 'used-once', { breakingUses: [use('u1', true)] })])).toMatchObject(counts(0, 1));
    // This tablet's own use it had voided: it rightly offered again, so the flag is not its doing.
    expect(auditOffers(apps, [flag('u3', 'used-once', { breakingUses: [use('u1', true), use('u2')] })])).toMatchObject(counts(0, 1));
    // A limit flag with no use breaking it is the server's or the tablet's mistake, never an excuse.
    expect(auditOffers(apps, [flag('u2', 'used-once')])).toMatchObject(counts(1, 0));
  });

  it('another tablet’s use the tablet had pulled before it applied the offer is knowable, even when voided since', () => {
    const pulledFirst = [app('u1', 0), app('u2', 1, { heldUses: ['u1'] })];
    expect(auditOffers(pulledFirst, [flag('u2', 'used-once', { breakingUses: [use('u1')] })])).toMatchObject(counts(1, 0));
    expect(auditOffers(pulledFirst, [flag('u2', 'used-today', { breakingUses: [use('u1', true)] })])).toMatchObject(counts(1, 0));
    // It had pulled another use of the guest's, not the one that breaks the limit: not its to know.
    const otherUse = [app('u1', 0), app('u2', 1, { heldUses: ['u0'] })];
    expect(auditOffers(otherUse, [flag('u2', 'used-today', { breakingUses: [use('u1')] })])).toMatchObject(counts(0, 1));
    // A use made while another tablet is offline and never pulled by it (the staged break): unknowable.
    expect(auditOffers([app('u1', 0), app('u2', 1)], [flag('u2', 'used-once', { breakingUses: [use('u1')] })])).toMatchObject(counts(0, 1));
  });

  it('an end the tablet had not pulled is unknowable; one it held, knowable', () => {
    expect(auditOffers([app('u1', 0)], [flag('u1', 'ended')])).toMatchObject(counts(0, 1));
    expect(auditOffers([app('u1', 0, { status: 'ended' })], [flag('u1', 'ended')])).toMatchObject(counts(1, 0));
    expect(auditOffers([app('u1', 0, { status: 'paused' })], [flag('u1', 'paused')])).toMatchObject(counts(1, 0));
  });

  it('a segment flag is knowable only when the tablet saw the guest as the server did just before the sale', () => {
    expect(auditOffers([app('u1', 0)], [flag('u1', 'segment')])).toMatchObject(counts(1, 0));
    const otherTabletSale = { ...guest, purchaseCount: 4, lastPurchaseAt: 6_000 };
    expect(auditOffers([app('u1', 0)], [flag('u1', 'segment', { guest: otherTabletSale })])).toMatchObject(counts(0, 1));
    // Merged with an earlier registration on another tablet.
    expect(auditOffers([app('u1', 0)], [flag('u1', 'segment', { guest: { ...guest, registeredAt: 500 } })])).toMatchObject(counts(0, 1));
  });

  it('a time or check rule is knowable unless the owner changed the promotion after the tablet’s copy', () => {
    for (const reason of ['window', 'weekday', 'not-started', 'expired', 'min-check']) {
      expect(auditOffers([app('u1', 0)], [flag('u1', reason)])).toMatchObject(counts(1, 0));
      expect(auditOffers([app('u1', 0)], [flag('u1', reason, { definition: '{"window":{"from":"09:00","to":"12:00"}}' })])).toMatchObject(counts(0, 1));
    }
  });

  it('a discount larger than the benefit, an unknown promotion or a sale the simulator never applied an offer to is knowable', () => {
    expect(auditOffers([app('u1', 0)], [flag('u1', 'discount-too-large'), flag('u1', 'unknown-promotion')])).toMatchObject(counts(2, 0));
    expect(auditOffers([app('u1', 0)], [flag('zz', 'used-once', { breakingUses: [use('u1')] })])).toMatchObject({
      ...counts(1, 0),
      offersFlaggedUnrecorded: 1,
    });
  });

  it('counts flags by reason', () => {
    const r = auditOffers([app('u1', 0), app('u2', 1)], [flag('u2', 'used-once', { breakingUses: [use('u1')] }), flag('u1', 'ended')]);
    expect(r.offersFlaggedByReason).toEqual({ 'used-once': 1, ended: 1 });
    expect(r.offersFlagged).toBe(2);
  });
});
