/**
 * Guests per segment as bars drawn in plain HTML: a row per segment (its name, a bar in the
 * segment's colour, the count). It is the first thing the owner's /owner shows, so it costs no
 * charting library and no second drawing pass: it appears with the cards, at its final
 * height, and nothing below it moves (issue 15's Lighthouse bench: the uPlot canvas that stood
 * here came after the cards and pushed them down). Longer charts (trend, movements, a guest's
 * visits) stay on uPlot (Chart.tsx).
 */
import type { Locale } from '../i18n/messages.ts';
import { segmentColor } from './Chart.tsx';
import { count } from './format.ts';

export interface SegmentBar {
  id: string;
  label: string;
  guests: number;
}

/** A bar's length in percent of the longest; a segment with guests is never drawn as nothing. */
export function barPercent(guests: number, largest: number): number {
  if (guests <= 0 || largest <= 0) return 0;
  return Math.max(1, Math.round((guests / largest) * 1000) / 10);
}

export function SegmentBars({ title, bars, locale }: { title: string; bars: SegmentBar[]; locale: Locale }) {
  const largest = Math.max(0, ...bars.map((b) => b.guests));
  return (
    <div className="segment-bars" role="img" aria-label={title}>
      {bars.map((b, i) => (
        <div key={b.id} className="segment-bar">
          <span className="segment-bar-label">{b.label}</span>
          <span className="segment-bar-track">
            <span className="segment-bar-fill" style={{ width: `${barPercent(b.guests, largest)}%`, background: segmentColor(i) }} />
          </span>
          <span className="segment-bar-value">{count(b.guests, locale)}</span>
        </div>
      ))}
    </div>
  );
}
