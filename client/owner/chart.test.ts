import { expect, it } from 'vitest';
import { niceCeiling } from './Chart.tsx';

it('tops the value axis with a round number at or above the largest value', () => {
  expect([0, 1, 7, 10, 11, 953, 1000, 1001, 2400, 2600, 123_456_00].map(niceCeiling)).toEqual([1, 1, 10, 10, 20, 1000, 1000, 2000, 2500, 5000, 200_000_00]);
});
