import { describe, expect, it } from 'vitest';
import { parseName } from './guest-profile.ts';
import { hasUnsafeCharacters, withoutUnsafeCharacters } from './safe-text.ts';

describe('text a person typed or a file held', () => {
  it.each([
    ['a right-to-left override', 'Анна\u202eаннА', 'АннааннА'],
    ['a NUL and a bell', 'Ан\u0000на\u0007', 'Анна'],
    ['a C1 control and DEL', 'Ан\u0085на\u007f', 'Ан на'],
    ['isolates and marks', '\u2066Анна\u2069\u200f', 'Анна'],
    ['a byte-order mark', '\ufeffАнна', 'Анна'],
  ])('loses %s and nothing else', (_what, typed, left) => {
    expect(withoutUnsafeCharacters(typed)).toBe(left);
    expect(hasUnsafeCharacters(left)).toBe(false);
  });

  it('keeps letters, apostrophes, emoji and no-break spaces', () => {
    const name = 'Анна-Мария О’Нил 😀\u00a0Ёж';
    expect(withoutUnsafeCharacters(name)).toBe(name);
  });

  it('keeps words apart where a line break or tab stood', () => {
    expect(parseName('Анна\nМария\tПетрова')).toEqual({ ok: true, value: 'Анна Мария Петрова' });
  });

  it('takes a name of nothing but invisible characters as no name', () => {
    expect(parseName('\u202e\u200f\u0000 ')).toEqual({ ok: true, value: null });
  });
});
