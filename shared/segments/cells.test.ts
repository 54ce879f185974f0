import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, cellsOfSegment, classifyCell, metricCuts } from './cells.ts';
import { classify } from './classify.ts';
import { DEFAULT_RULES, PRESETS } from './presets.ts';
import { INTEGER_METRICS, METRIC_IDS, segmentIds, type MetricId } from './rules.ts';

const metricsArb = fc.record(
  Object.fromEntries(
    METRIC_IDS.map((m) => [
      m,
      m === 'averageCheck' || m === 'visitsPerMonth' ? fc.double({ min: 0, max: 200_000, noNaN: true }) : fc.integer({ min: 0, max: 2_000_000 }),
    ]),
  ) as Record<MetricId, fc.Arbitrary<number>>,
);
/** Values sitting on and beside every threshold, where an off-by-one would show. */
const nearThresholds = (rules: (typeof PRESETS)[number]) =>
  fc.record(
    Object.fromEntries(
      METRIC_IDS.map((m) => {
        const steps = INTEGER_METRICS.has(m) ? [-1, 0, 1] : [-1, -0.5, -0.001, 0, 0.001, 0.5, 1];
        const values = rules.segments.flatMap((s) => s.when.filter((c) => c.metric === m).flatMap((c) => steps.map((d) => c.value + d)));
        return [m, values.length ? fc.constantFrom(...values.filter((v) => v >= 0)) : fc.constant(0)];
      }),
    ) as Record<MetricId, fc.Arbitrary<number>>,
  );

describe('cells', () => {
  it('the default rules cut days since last purchase at 15 and 61', () => {
    expect(metricCuts(DEFAULT_RULES).get('daysSinceLastPurchase')).toEqual([
      { value: 15, inclusive: true },
      { value: 61, inclusive: true },
    ]);
  });

  it('labels a cell exactly as classifying any guest inside it', () => {
    for (const rules of PRESETS) {
      const cuts = metricCuts(rules);
      const check = (m: Record<MetricId, number>) => {
        const buckets = new Map([...cuts].map(([metric, axis]) => [metric, bucketOf(axis, m[metric])]));
        expect(classifyCell(rules, cuts, buckets)).toBe(classify((id) => m[id], rules));
      };
      fc.assert(fc.property(metricsArb, check), { numRuns: 300 });
      fc.assert(fc.property(nearThresholds(rules), check), { numRuns: 500 });
    }
  });

  it("lists a segment's cells: a guest is in one of them exactly when it is in the segment", () => {
    for (const rules of PRESETS) {
      const cuts = metricCuts(rules);
      const metrics = [...cuts.keys()];
      const cells = new Map(segmentIds(rules).map((id) => [id, new Set(cellsOfSegment(rules, cuts, metrics, id).map((c) => c.join(',')))]));
      // The cells of all segments partition the grid.
      const all = [...cells.values()].reduce((n, s) => n + s.size, 0);
      expect(all).toBe(metrics.reduce((n, m) => n * (cuts.get(m)!.length + 1), 1));
      fc.assert(
        fc.property(fc.oneof(metricsArb, nearThresholds(rules)), (m) => {
          const key = metrics.map((metric) => bucketOf(cuts.get(metric)!, m[metric])).join(',');
          const segment = classify((id) => m[id], rules);
          expect(cells.get(segment)!.has(key)).toBe(true);
        }),
        { numRuns: 300 },
      );
    }
  });
});
