import { describe, expect, it } from 'vitest';
import { parsePointsInput } from './points-input.ts';

describe('reading the points field', () => {
  it('reads an empty field as no points', () => {
    expect(parsePointsInput('')).toEqual({ ok: true, points: 0 });
    expect(parsePointsInput('  ')).toEqual({ ok: true, points: 0 });
  });

  it('reads whole, negative and fractional numbers as numbers (the rules refuse the last two)', () => {
    expect(parsePointsInput('40')).toEqual({ ok: true, points: 40 });
    expect(parsePointsInput('1 000')).toEqual({ ok: true, points: 1000 });
    expect(parsePointsInput('-5')).toEqual({ ok: true, points: -5 });
    expect(parsePointsInput('12,5')).toEqual({ ok: true, points: 12.5 });
  });

  it('refuses what is not a number', () => {
    expect(parsePointsInput('abc')).toEqual({ ok: false, error: 'points-not-number' });
    expect(parsePointsInput('1e3')).toEqual({ ok: false, error: 'points-not-number' });
    expect(parsePointsInput('1,2,3')).toEqual({ ok: false, error: 'points-not-number' });
  });
});
