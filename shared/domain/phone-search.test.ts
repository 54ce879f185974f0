import { describe, expect, it } from 'vitest';
import { phoneQuery } from './phone-search.ts';

describe('phone search input', () => {
  it.each([
    ['912', { prefix: '912', last4: null }],
    ['+7 912 34', { prefix: '91234', last4: null }],
    ['8 (912) 345', { prefix: '912345', last4: null }],
    ['7912345', { prefix: '912345', last4: null }],
    ['89123456789', { prefix: '9123456789', last4: null }],
    ['6789', { prefix: null, last4: '6789' }],
    ['9123', { prefix: '9123', last4: '9123' }],
    ['91', { prefix: null, last4: null }],
    ['abc', { prefix: null, last4: null }],
  ])('%j → %j', (typed, expected) => {
    expect(phoneQuery(typed)).toEqual(expected);
  });
});
