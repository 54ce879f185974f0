import { describe, expect, it } from 'vitest';
import type { Kopecks } from '../domain/money.ts';
import { canChangeStatus, minuteOfDay, toPromotionInput, type PromotionDraft } from './promotion.ts';

describe('promotion status changes', () => {
  it('pauses and resumes a live promotion, ends any but an ended one', () => {
    expect(canChangeStatus('active', 'paused')).toBe(true);
    expect(canChangeStatus('paused', 'active')).toBe(true);
    expect(canChangeStatus('active', 'ended')).toBe(true);
    expect(canChangeStatus('paused', 'ended')).toBe(true);
  });

  it('never brings an ended promotion back, and a change is a change', () => {
    expect(canChangeStatus('ended', 'active')).toBe(false);
    expect(canChangeStatus('ended', 'paused')).toBe(false);
    expect(canChangeStatus('ended', 'ended')).toBe(false);
    expect(canChangeStatus('active', 'active')).toBe(false);
  });
});

describe('minuteOfDay', () => {
  it('counts minutes from the café midnight, 24:00 being the end of the day', () => {
    expect(minuteOfDay('00:00')).toBe(0);
    expect(minuteOfDay('09:05')).toBe(545);
    expect(minuteOfDay('23:59')).toBe(1439);
    expect(minuteOfDay('24:00')).toBe(1440);
  });
});

describe('toPromotionInput', () => {
  it('puts the benefit in its own field and the window in from and to', () => {
    const draft: PromotionDraft = {
      name: 'Обед',
      audience: ['rare'],
      weekdays: [1, 2],
      window: { from: '12:00', to: '16:00' },
      starts: null,
      ends: null,
      benefit: { kind: 'rubles', amount: 15000 as Kopecks },
      minCheck: 45000 as Kopecks,
      limit: 'daily',
    };
    expect(toPromotionInput(draft)).toEqual({
      name: 'Обед',
      audience: ['rare'],
      weekdays: [1, 2],
      from: '12:00',
      to: '16:00',
      starts: null,
      ends: null,
      percentOff: null,
      amountOff: 15000,
      pointsMultiplier: null,
      gift: null,
      minCheck: 45000,
      limit: 'daily',
    });
  });
});
