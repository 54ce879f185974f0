import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM, type LoyaltyProgram } from '../../shared/loyalty/program.ts';
import { draftOf, percentText, readDraft, rublesText, serverProblem } from './program-form.ts';

const PROGRAM = {
  ...DEFAULT_PROGRAM,
  accrualRate: 275,
  expiryMonths: 12,
  offlineSpendCap: 300,
  tiers: [
    { id: 't1', name: 'Серебро', minSpend: 1000050, accrualRate: 500 },
    { id: 't2', name: 'Золото', minSpend: 3000000, accrualRate: 1000 },
  ],
  rewards: [{ id: 'r1', name: 'Десерт', price: 150 }],
} as unknown as LoyaltyProgram;

const problemsOf = (draft: ReturnType<typeof draftOf>) => {
  const r = readDraft(draft);
  return r.ok ? {} : Object.fromEntries(r.problems);
};

describe('the programme form', () => {
  it('writes a programme as the owner would type it and reads it back unchanged', () => {
    const draft = draftOf(PROGRAM);
    expect(draft).toMatchObject({ accrualRate: '2,75', welcomeBonus: '100', maxRedeemShare: '30', expiryMonths: '12', offlineSpendCap: '300' });
    expect(draft.tiers[0]).toEqual({ id: 't1', name: 'Серебро', minSpend: '10000,50', accrualRate: '5' });
    expect(readDraft(draft)).toEqual({ ok: true, program: PROGRAM });
    expect(readDraft(draftOf(DEFAULT_PROGRAM))).toEqual({ ok: true, program: DEFAULT_PROGRAM });
  });

  it('reads empty expiry and offline cap as none, and "2.5 %" as 250 basis points', () => {
    const r = readDraft({ ...draftOf(PROGRAM), expiryMonths: ' ', offlineSpendCap: '', accrualRate: '2.5 %' });
    expect(r).toMatchObject({ ok: true, program: { expiryMonths: null, offlineSpendCap: null, accrualRate: 250 } });
  });

  it('names each bad field by the path the server uses', () => {
    const draft = draftOf(PROGRAM);
    expect(problemsOf({ ...draft, accrualRate: '100,01' })).toEqual({ accrualRate: 'percent-over-100' });
    expect(problemsOf({ ...draft, accrualRate: '5,555' })).toEqual({ accrualRate: 'percent-too-precise' });
    expect(problemsOf({ ...draft, maxRedeemShare: '' })).toEqual({ maxRedeemShare: 'required' });
    expect(problemsOf({ ...draft, welcomeBonus: '-5' })).toEqual({ welcomeBonus: 'points-not-whole' });
    expect(problemsOf({ ...draft, welcomeBonus: '1,5' })).toEqual({ welcomeBonus: 'points-not-whole' });
    expect(problemsOf({ ...draft, expiryMonths: '0' })).toEqual({ expiryMonths: 'months-not-whole' });
    expect(problemsOf({ ...draft, expiryMonths: '121' })).toEqual({ expiryMonths: 'months-not-whole' });
    expect(problemsOf({ ...draft, rewards: [{ id: 'r', name: 'Кекс', price: '' }] })).toEqual({ 'rewards.0.price': 'required' });
    expect(problemsOf({ ...draft, rewards: [{ id: 'r', name: ' ', price: '0' }] })).toEqual({
      'rewards.0.name': 'required',
      'rewards.0.price': 'price-below-one',
    });
  });

  it('refuses tiers out of order, a higher tier earning less, and a first tier below the base rate', () => {
    const draft = draftOf(PROGRAM);
    const [silver, gold] = draft.tiers as [(typeof draft.tiers)[0], (typeof draft.tiers)[0]];
    expect(problemsOf({ ...draft, tiers: [gold, silver] })).toEqual({ 'tiers.1.minSpend': 'tier-threshold-order', 'tiers.1.accrualRate': 'tier-rate-order' });
    expect(problemsOf({ ...draft, tiers: [silver, { ...gold, minSpend: '10000,50' }] })).toEqual({ 'tiers.1.minSpend': 'tier-threshold-order' });
    expect(problemsOf({ ...draft, tiers: [{ ...silver, accrualRate: '2' }] })).toEqual({ 'tiers.0.accrualRate': 'tier-rate-order' });
    expect(problemsOf({ ...draft, tiers: [{ ...silver, minSpend: 'много' }] })).toEqual({ 'tiers.0.minSpend': 'rubles-not-number' });
  });

  it('turns a server refusal’s field into words for it', () => {
    expect(serverProblem('tiers.2.minSpend')).toBe('tier-threshold-order');
    expect(serverProblem('tiers.0.accrualRate')).toBe('tier-rate-order');
    expect(serverProblem('rewards.1.id')).toBe('duplicate');
    expect(serverProblem('rewards.1.price')).toBe('price-below-one');
    expect(serverProblem('welcomeBonus')).toBe('server');
  });

  it('formats amounts and rates without losing a kopeck or a basis point', () => {
    expect([rublesText(0), rublesText(5), rublesText(100), rublesText(123456)]).toEqual(['0', '0,05', '1', '1234,56']);
    expect([percentText(0), percentText(5), percentText(10000), percentText(1250)]).toEqual(['0', '0,05', '100', '12,5']);
  });
});
