import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observe, tick } from './hlc.ts';

describe('hybrid logical clock', () => {
  it('always moves forward, even when the wall clock goes back', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2e12 }), { minLength: 1, maxLength: 50 }), (walls) => {
        let last: string | null = null;
        for (const w of walls) {
          const next = tick(last, w, 'a');
          if (last) expect(next > last).toBe(true);
          last = next;
        }
      }),
    );
  });

  it('orders a tablet with a slow clock after what it has seen', () => {
    const fast = tick(null, 2_000_000_000_000, 'fast');
    const seen = observe(tick(null, 1_000_000_000_000, 'slow'), fast, 'slow');
    expect(tick(seen, 1_000_000_000_001, 'slow') > fast).toBe(true);
  });
});
