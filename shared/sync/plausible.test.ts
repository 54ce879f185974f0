import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../segments/presets.ts';
import { MAX_THRESHOLD, ruleSetSchema } from '../segments/rule-set-schema.ts';
import { compareHlc, formatHlc, observe, tryParseHlc } from './hlc.ts';
import { hasUnsafeCharacters } from '../domain/safe-text.ts';
import { CLOCK_SKEW_LIMIT_MS, plausibleBirthday, plausibleInstant, tooFarAhead } from './plausible.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const stamp = (wall: number, counter = 0, node = 'a') => formatHlc({ wall, counter, node });

describe('what the server accepts from a tablet', () => {
  it('takes instants from 2000 up to (not including) 2100, on the boundaries exactly', () => {
    expect(plausibleInstant.safeParse('2000-01-01T00:00:00Z').success).toBe(true);
    expect(plausibleInstant.safeParse('1999-12-31T23:59:59.999Z').success).toBe(false);
    expect(plausibleInstant.safeParse('2099-12-31T23:59:59+00:00').success).toBe(true);
    expect(plausibleInstant.safeParse('2100-01-01T00:00:00Z').success).toBe(false);
    expect(plausibleInstant.safeParse('0000-01-01T00:00:00Z').success).toBe(false);
    expect(plausibleInstant.safeParse('9999-12-31T00:00:00Z').success).toBe(false);
  });

  it('takes birthdays from 1900 on, and refuses year 0049 (read back as 2049 by PGlite)', () => {
    expect(plausibleBirthday.safeParse('1900-01-01').success).toBe(true);
    expect(plausibleBirthday.safeParse('1899-12-31').success).toBe(false);
    expect(plausibleBirthday.safeParse('0049-05-01').success).toBe(false);
  });

  it('refuses control, DEL, C1 and direction characters, keeps letters, emoji and no-break spaces', () => {
    for (const bad of ['\u0000', '\t', '\n', '\u007f', '\u0085', '\u202e', '\u2066', '\u200f', '\ufeff'])
      expect([bad, hasUnsafeCharacters(`a${bad}b`)]).toEqual([bad, true]);
    expect(hasUnsafeCharacters('Анна-Мария О’Нил 😀\u00a0Ёж')).toBe(false);
  });

  it('finds the first time more than a day ahead of the server, exactly at the limit allowed', () => {
    const limit = new Date(NOW.getTime() + CLOCK_SKEW_LIMIT_MS).toISOString();
    const over = new Date(NOW.getTime() + CLOCK_SKEW_LIMIT_MS + 1).toISOString();
    const env = (at: string, mutation: object, hlc = stamp(NOW.getTime())) => ({ at, hlc, mutation });
    expect(tooFarAhead(env(limit, { registeredAt: limit, consent: { at: limit } }), NOW)).toBeNull();
    expect(tooFarAhead(env(over, {}), NOW)).toBe('at');
    expect(tooFarAhead(env(limit, {}, stamp(Date.parse(over))), NOW)).toBe('hlc');
    expect(tooFarAhead(env(limit, { consent: { at: over } }), NOW)).toBe('mutation.consent.at');
    expect(tooFarAhead(env(limit, { voidedAt: over }), NOW)).toBe('mutation.voidedAt');
    expect(tooFarAhead(env(limit, { birthday: '2026-11-25' }), NOW)).toBe('mutation.birthday');
  });

  it('range-checks rule thresholds: 1e300 is refused, the bound itself taken', () => {
    const withValue = (value: number) => ({
      ...DEFAULT_RULES,
      segments: DEFAULT_RULES.segments.map((s, i) => (i === 0 ? { ...s, when: [{ ...s.when[0]!, metric: 'totalSpend' as const, value }] } : s)),
    });
    expect(ruleSetSchema.safeParse(withValue(MAX_THRESHOLD)).success).toBe(true);
    const refused = ruleSetSchema.safeParse(withValue(1e300));
    expect(refused.success ? null : refused.error.issues[0]!.path).toEqual(['segments', 0, 'when', 0, 'value']);
  });
});

describe('hybrid clock stamps from outside', () => {
  it('parses only its own format', () => {
    expect(tryParseHlc(stamp(1_763_802_000_000, 36, 'node-1'))).toEqual({ wall: 1_763_802_000_000, counter: 36, node: 'node-1' });
    for (const bad of ['~', '', 'NaN:0:a', '1763802000000:00000:a', `${'9'.repeat(16)}:00000:a`, '000001763802000000:0:a b'])
      expect([bad, tryParseHlc(bad)]).toEqual([bad, null]);
  });

  it('compares as numbers: a malformed stamp loses to every real one instead of sorting after it', () => {
    expect(compareHlc('~', stamp(1))).toBeLessThan(0);
    expect(compareHlc(stamp(2, 0), stamp(1, 99))).toBeGreaterThan(0);
    expect(compareHlc(stamp(5, 10), stamp(5, 9))).toBeGreaterThan(0);
    expect(compareHlc(stamp(5, 1, 'b'), stamp(5, 1, 'a'))).toBeGreaterThan(0);
  });

  it('is not poisoned by observing a malformed stamp', () => {
    const mine = stamp(1_763_802_000_000);
    expect(observe(mine, '~', 'a')).toBe(mine);
    expect(tryParseHlc(observe(null, 'NaN', 'a'))).not.toBeNull();
  });
});
