/**
 * The one segment classifier. The tablet runs it for a guest when a segment is needed, as of
 * that moment (client/data/guest-segment.ts); the server runs it per guest and, for reports, per cell of guests whose metrics fall between the
 * same thresholds (see cells.ts). A segment is a pure function of the guest's stats, the
 * date in the café's zone and the rule set.
 */
import type { LocalDate, TimeZone } from '../domain/calendar.ts';
import type { GuestStats } from '../domain/guest.ts';
import { guestMetrics } from './metrics.ts';
import { NONE_SEGMENT, type Condition, type MetricId, type RuleSet, type SegmentId } from './rules.ts';

export function holds(condition: Condition, value: number): boolean {
  switch (condition.op) {
    case 'gte':
      return value >= condition.value;
    case 'gt':
      return value > condition.value;
    case 'lt':
      return value < condition.value;
    case 'lte':
      return value <= condition.value;
  }
}

export function classify(metric: (id: MetricId) => number, rules: RuleSet): SegmentId {
  for (const segment of rules.segments) {
    if (segment.when.every((c) => holds(c, metric(c.metric)))) return segment.id;
  }
  return NONE_SEGMENT;
}

export function classifyGuest(stats: GuestStats, today: LocalDate, zone: TimeZone, rules: RuleSet): SegmentId {
  const metrics = guestMetrics(stats, today, zone);
  return classify((id) => metrics[id], rules);
}
