import { describe, expect, it } from 'vitest';
import { barPercent } from './SegmentBars.tsx';

describe('a segment bar’s length', () => {
  it('is its share of the largest segment, to a tenth of a percent', () => {
    expect(barPercent(500, 500)).toBe(100);
    expect(barPercent(182, 300)).toBe(60.7);
  });
  it('is nothing for an empty segment, or when every segment is empty', () => {
    expect(barPercent(0, 300)).toBe(0);
    expect(barPercent(0, 0)).toBe(0);
  });
  it('is never drawn as nothing for a segment with a guest, however large the largest', () => {
    expect(barPercent(1, 100_000)).toBe(1);
    expect(barPercent(1, 1000)).toBe(1);
    expect(barPercent(20, 1000)).toBe(2);
  });
});
