/**
 * Classifying a million guests one by one is slow wherever it runs. But a rule set only
 * compares each metric with a few thresholds, so guests whose metrics fall between the same
 * thresholds always share a segment. The server therefore counts guests per *cell* (one
 * bucket per metric, computed in SQL) and this module labels each cell by classifying one
 * representative point of it with the ordinary classifier: one implementation of the rules.
 */
import { classify } from './classify.ts';
import { INTEGER_METRICS, type MetricId, type RuleSet, type SegmentId } from './rules.ts';

/** A boundary on a metric's axis; a value has passed it when `x >= value` (inclusive) or `x > value`. */
export interface Cut {
  value: number;
  inclusive: boolean;
}

export type MetricCuts = ReadonlyMap<MetricId, readonly Cut[]>;

export function passed(cut: Cut, x: number): boolean {
  return cut.inclusive ? x >= cut.value : x > cut.value;
}

/**
 * The sorted boundaries of every metric the rule set uses. On whole-number metrics
 * `> v` is `>= v + 1`, so their cuts are all inclusive (the SQL for day counts relies on it).
 */
export function metricCuts(rules: RuleSet): MetricCuts {
  const byMetric = new Map<MetricId, Cut[]>();
  for (const segment of rules.segments) {
    for (const c of segment.when) {
      const exclusive = c.op === 'gt' || c.op === 'lte';
      const cut: Cut = exclusive && INTEGER_METRICS.has(c.metric) ? { value: c.value + 1, inclusive: true } : { value: c.value, inclusive: !exclusive };
      const cuts = byMetric.get(c.metric) ?? [];
      if (!cuts.some((k) => k.value === cut.value && k.inclusive === cut.inclusive)) cuts.push(cut);
      byMetric.set(c.metric, cuts);
    }
  }
  // At equal values the inclusive cut comes first: x = v passes `>= v` but not `> v`.
  for (const cuts of byMetric.values()) cuts.sort((a, b) => a.value - b.value || Number(b.inclusive) - Number(a.inclusive));
  return byMetric;
}

/** How many cuts a value has passed: its bucket on that metric's axis. */
export function bucketOf(cuts: readonly Cut[], x: number): number {
  let i = 0;
  while (i < cuts.length && passed(cuts[i]!, x)) i++;
  return i;
}

/** A value lying in bucket `b`: it has passed exactly the first `b` cuts. */
export function representative(cuts: readonly Cut[], b: number): number {
  const below = cuts[b - 1];
  const above = cuts[b];
  if (!below) return (above?.value ?? 0) - 1;
  if (below.inclusive) return below.value;
  return above ? (below.value + above.value) / 2 : below.value + 1;
}

export function classifyCell(rules: RuleSet, cuts: MetricCuts, buckets: ReadonlyMap<MetricId, number>): SegmentId {
  return classify((metric) => {
    const axis = cuts.get(metric);
    const b = buckets.get(metric);
    if (!axis || b === undefined) throw new Error(`cell has no bucket for metric ${metric}`);
    return representative(axis, b);
  }, rules);
}

/** Beyond this many cells a rule set is too fine-grained to list its cells (no preset comes near). */
export const MAX_CELLS = 100_000;

/**
 * Every cell of the grid the cuts draw over `metrics`, as bucket numbers in `metrics` order,
 * that the rule set names `segment`: what a guest list filters on in SQL.
 */
export function cellsOfSegment(rules: RuleSet, cuts: MetricCuts, metrics: readonly MetricId[], segment: SegmentId): number[][] {
  const sizes = metrics.map((m) => cuts.get(m)!.length + 1);
  const total = sizes.reduce((n, s) => n * s, 1);
  if (total > MAX_CELLS) throw new RangeError(`the rule set draws ${total} cells; at most ${MAX_CELLS} can be listed`);
  const out: number[][] = [];
  for (let i = 0; i < total; i++) {
    let rest = i;
    const cell = sizes.map((s) => {
      const b = rest % s;
      rest = Math.floor(rest / s);
      return b;
    });
    if (classifyCell(rules, cuts, new Map(metrics.map((m, j) => [m, cell[j]!]))) === segment) out.push(cell);
  }
  return out;
}
