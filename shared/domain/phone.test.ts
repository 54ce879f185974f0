import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPhone, maskPhone, parseRuMobile, type E164Phone } from './phone.ts';

describe('Russian mobile phones', () => {
  it.each(['+7 912 345-67-89', '8 (912) 3456789', '89123456789', '79123456789', '9123456789', '+7(912)345 67 89', ' 8-912-345-67-89 '])(
    'reads %j as +79123456789',
    (input) => {
      expect(parseRuMobile(input)).toEqual({ ok: true, value: '+79123456789' });
    },
  );

  it.each([
    ['', 'empty'],
    ['+7 495 123-45-67', 'not a Russian mobile'],
    ['+7 701 123 4567', 'not a Russian mobile'],
    ['+44 7911 123456', 'not a valid Russian number'],
    ['912345', 'not a valid Russian number'],
    ['8912abc4567', 'not digits'],
  ])('refuses %j (%s)', (input, reason) => {
    const r = parseRuMobile(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(reason);
  });

  it('never repeats a whole number in an error', () => {
    const r = parseRuMobile('+7 495 123-45-67');
    expect(r.ok || r.error.includes('4951234567')).toBe(false);
  });

  it('reads plain digit forms (fast path) exactly as formatted ones (library path)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^9\d{9}$/), (national) => {
        const formatted = parseRuMobile(`+7 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`);
        expect(formatted).toEqual({ ok: true, value: `+7${national}` });
        for (const plain of [`8${national}`, `7${national}`, `+7${national}`, national]) expect(parseRuMobile(plain)).toEqual(formatted);
      }),
      { numRuns: 300 },
    );
  });

  it('masks and formats', () => {
    const p = '+79123456789' as E164Phone;
    expect(maskPhone(p)).toBe('+7 912 ***-**-89');
    expect(formatPhone(p)).toBe('+7 912 345-67-89');
  });
});
