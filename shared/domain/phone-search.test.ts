import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phoneMatch, phoneQuery } from './phone-search.ts';

describe('phone search input', () => {
  it.each([
    ['912', { prefix: '912', fragment: '912' }],
    ['+7 912 34', { prefix: '91234', fragment: '791234' }],
    ['8 (912) 345', { prefix: '912345', fragment: '8912345' }],
    ['7912345', { prefix: '912345', fragment: '7912345' }],
    ['89123456789', { prefix: '9123456789', fragment: null }],
    ['9123456789', { prefix: '9123456789', fragment: '9123456789' }],
    ['6789', { prefix: null, fragment: '6789' }],
    ['9123', { prefix: '9123', fragment: '9123' }],
    ['456', { prefix: null, fragment: '456' }],
    ['91', { prefix: null, fragment: null }],
    ['abc', { prefix: null, fragment: null }],
  ])('%j → %j', (typed, expected) => {
    expect(phoneQuery(typed)).toEqual(expected);
  });
});

describe('which guests a query finds', () => {
  const anna = '9123456789';
  it.each([
    ['+7 912 345-67-89', 0],
    ['89123456789', 0],
    ['9123456789', 0],
    ['8 912 345', 1],
    ['912', 1],
    ['6789', 2],
    ['789', 2],
    ['3456', 3],
    ['234', 3],
    ['8912', 1], // read as the trunk 8 and the start of the number
  ] as const)('%j finds 912 345-67-89 as match %i', (typed, rank) => {
    expect(phoneMatch(anna, phoneQuery(typed))).toBe(rank);
  });

  it.each(['5555', '913', '+7 913', '12', '79'])('%j does not find it', (typed) => {
    expect(phoneMatch(anna, phoneQuery(typed))).toBe(null);
  });

  it('"8912" is also the last four digits of another number', () => {
    expect(phoneMatch('9035558912', phoneQuery('8912'))).toBe(2);
  });

  it('any three or more consecutive digits of a number find it', () => {
    const national = fc.stringMatching(/^9\d{9}$/);
    fc.assert(
      fc.property(national, fc.nat(7), fc.nat(7), (n, start, extra) => {
        const from = Math.min(start, 7);
        const piece = n.slice(from, Math.min(10, from + 3 + extra));
        expect(phoneMatch(n, phoneQuery(piece))).not.toBe(null);
      }),
    );
  });
});
