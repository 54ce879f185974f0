import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editWins, mergeRegistrations, registrationWinner, type MergeProfile } from './merge.ts';

const T = (iso: string) => new Date(iso);
const profile = (over: Partial<MergeProfile>): MergeProfile => ({
  id: 'b',
  registeredAt: T('2026-11-01T10:00:00Z'),
  name: null,
  birthday: null,
  consent: { granted: false, at: null },
  clocks: {},
  ...over,
});

describe('merge rules', () => {
  it('keeps the earlier registration, and the smaller id when both were at the same instant', () => {
    const early = { id: 'z', registeredAt: T('2026-11-01T10:00:00Z') };
    const late = { id: 'a', registeredAt: T('2026-11-01T10:00:01Z') };
    expect(registrationWinner(early, late)).toBe(early);
    expect(registrationWinner(late, early)).toBe(early);
    const tieA = { id: 'a', registeredAt: early.registeredAt };
    const tieB = { id: 'b', registeredAt: early.registeredAt };
    expect(registrationWinner(tieA, tieB)).toBe(tieA);
    expect(registrationWinner(tieB, tieA)).toBe(tieA);
  });

  it('lets an edit replace a field only with a later clock', () => {
    expect(editWins(undefined, '000000000000001:00000:a')).toBe(true);
    expect(editWins('000000000000002:00000:a', '000000000000001:00000:b')).toBe(false);
    expect(editWins('000000000000001:00000:a', '000000000000001:00000:a')).toBe(false);
    expect(editWins('000000000000001:00000:a', '000000000000001:00001:a')).toBe(true);
  });

  it('takes each field from the later write, and never erases a value with an empty one', () => {
    const winner = profile({
      id: 'w',
      registeredAt: T('2026-11-01T09:00:00Z'),
      name: 'Аня',
      clocks: { name: '000000000000005:00000:a', birthday: '000000000000005:00000:a', consent: '000000000000005:00000:a' },
    });
    const loser = profile({
      id: 'l',
      name: 'Анна',
      birthday: '1990-05-01',
      consent: { granted: true, at: T('2026-11-01T10:00:00Z') },
      clocks: { name: '000000000000009:00000:b', birthday: '000000000000001:00000:b', consent: '000000000000009:00000:b' },
    });
    expect(mergeRegistrations(loser, winner)).toEqual({
      winnerId: 'w',
      loserId: 'l',
      registeredAt: T('2026-11-01T09:00:00Z'),
      name: 'Анна',
      // The winner's birthday is empty: the loser's value stands although its clock is older.
      birthday: '1990-05-01',
      consent: { granted: true, at: T('2026-11-01T10:00:00Z') },
      clocks: { name: '000000000000009:00000:b', birthday: '000000000000001:00000:b', consent: '000000000000009:00000:b' },
    });
  });

  it('gives the same guest whichever registration arrives first', () => {
    const stamp = fc.integer({ min: 1, max: 99 }).map((n) => `${String(n).padStart(15, '0')}:00000:x`);
    const side = (id: string) =>
      fc.record({
        id: fc.constant(id),
        registeredAt: fc.integer({ min: 0, max: 3 }).map((m) => T(`2026-11-01T10:0${m}:00Z`)),
        name: fc.option(fc.constantFrom('Аня', 'Анна', 'Ann'), { nil: null }),
        birthday: fc.option(fc.constantFrom('1990-01-01', '1985-12-31'), { nil: null }),
        consent: fc.record({ granted: fc.boolean(), at: fc.constant(null) }),
        clocks: fc.record({ name: stamp, birthday: stamp, consent: stamp }, { requiredKeys: [] }),
      });
    fc.assert(
      fc.property(side('a'), side('b'), (a, b) => {
        expect(mergeRegistrations(a, b)).toEqual(mergeRegistrations(b, a));
      }),
    );
  });
});
