import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GuestId } from '../domain/ids.ts';
import { type MessageSource, messageKey, parseMessageKey } from './keys.ts';

const GUEST = '0190f0aa-1234-7000-8000-00000000abcd' as GuestId;
const OTHER = '0190f0aa-1234-7000-8000-00000000abce' as GuestId;
const MAILING = '0190f0bb-0000-7000-8000-000000000001';

describe('message keys', () => {
  it('reads as the mailing or scenario occurrence and the guest', () => {
    expect(messageKey({ kind: 'mailing', mailingId: MAILING }, GUEST)).toBe(`mailing:${MAILING}:${GUEST}`);
    expect(messageKey({ kind: 'scenario', scenarioId: 'win-back', occurrence: '2026-11-23' }, GUEST)).toBe(`scenario:win-back:2026-11-23:${GUEST}`);
  });

  it('is the same on every retry and differs for another guest, mailing or occurrence', () => {
    const source = { kind: 'mailing', mailingId: MAILING } as const;
    expect(messageKey(source, GUEST)).toBe(messageKey({ ...source }, GUEST));
    const keys = new Set([
      messageKey(source, GUEST),
      messageKey(source, OTHER),
      messageKey({ kind: 'mailing', mailingId: `${MAILING.slice(0, -1)}2` }, GUEST),
      messageKey({ kind: 'scenario', scenarioId: 'birthday', occurrence: '2026' }, GUEST),
      messageKey({ kind: 'scenario', scenarioId: 'birthday', occurrence: '2027' }, GUEST),
      messageKey({ kind: 'scenario', scenarioId: 'anniversary', occurrence: '2026' }, GUEST),
    ]);
    expect(keys.size).toBe(6);
  });

  it('refuses parts that could blur two keys into one (a separator, a space, nothing, too long)', () => {
    expect(() => messageKey({ kind: 'scenario', scenarioId: 'a:b', occurrence: 'c' }, GUEST)).toThrow(RangeError);
    expect(() => messageKey({ kind: 'scenario', scenarioId: 'a', occurrence: 'b c' }, GUEST)).toThrow(RangeError);
    expect(() => messageKey({ kind: 'mailing', mailingId: '' }, GUEST)).toThrow(RangeError);
    expect(() => messageKey({ kind: 'mailing', mailingId: 'x'.repeat(65) }, GUEST)).toThrow(RangeError);
    expect(() => messageKey({ kind: 'mailing', mailingId: 'Ж' }, GUEST)).toThrow(RangeError);
    expect(messageKey({ kind: 'mailing', mailingId: 'x'.repeat(64) }, GUEST)).toHaveLength(8 + 64 + 1 + 36);
  });

  it('reads back what it wrote, and nothing else', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);
    const source: fc.Arbitrary<MessageSource> = fc.oneof(
      part.map((mailingId) => ({ kind: 'mailing' as const, mailingId })),
      fc.tuple(part, part).map(([scenarioId, occurrence]) => ({ kind: 'scenario' as const, scenarioId, occurrence })),
    );
    fc.assert(
      fc.property(source, (s) => {
        expect(parseMessageKey(messageKey(s, GUEST))).toEqual({ source: s, guestId: GUEST });
      }),
    );
    expect(parseMessageKey(`mailing:${MAILING}`)).toBeNull();
    expect(parseMessageKey(`scenario:a:b:c:${GUEST}`)).toBeNull();
    expect(parseMessageKey(`promo:${MAILING}:${GUEST}`)).toBeNull();
    expect(parseMessageKey(`mailing::${GUEST}`)).toBeNull();
  });
});
