/**
 * Charts on the owner's phone, drawn by uPlot (canvas; chosen for its size, see the commit
 * that added it). Categories (segments) are bars at x = 0, 1, 2…; a trend is lines over time.
 * The chart is redrawn when its data changes and follows its container's width.
 */
import { useEffect, useRef } from 'react';
import type uPlotType from 'uplot';
import type { AlignedData, Options } from 'uplot';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

interface ChartProps {
  /** What the chart shows, for screen readers (the numbers are also in the table beside it). */
  title: string;
  kind: 'bars' | 'lines';
  /** Bars (one or two series): one label per category. Lines: one time per point. */
  x: string[] | Date[];
  series: ChartSeries[];
  height?: number;
}

export const SEGMENT_COLORS = [
  '#2f7d4a',
  '#1f6fb2',
  '#d98a1c',
  '#8e5bb5',
  '#7a7a7a',
  '#c23b3b',
  '#2aa6a0',
  '#b5762f',
  '#5b3a29',
  '#e46aa0',
  '#4b8f29',
  '#345c9c',
  '#999999',
];

/** A browser that can draw: uPlot needs a 2D canvas and matchMedia (it reads both as it loads). */
const canDraw = () => typeof window.matchMedia === 'function' && !!document.createElement('canvas').getContext('2d');

function options(uPlot: typeof uPlotType, props: ChartProps, width: number): Options {
  const bars = props.kind === 'bars';
  const labels = bars ? (props.x as string[]) : [];
  return {
    width,
    height: props.height ?? 220,
    // Labels only: on a phone the live values under a finger are more noise than help.
    legend: { show: props.series.length > 1, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: bars ? { time: false, range: [-0.5, labels.length - 0.5] } : { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
    axes: [
      bars
        ? {
            values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? (labels[i] ?? '') : '')),
            splits: () => labels.map((_, i) => i),
            rotate: -40,
            size: 80,
            gap: 4,
          }
        : { space: 60 },
      { size: 44 },
    ],
    series: [
      {},
      ...props.series.map((s, i) => ({
        label: s.label,
        stroke: s.color,
        fill: bars ? `${s.color}cc` : undefined,
        width: bars ? 0 : 2,
        points: { show: !bars },
        // One series: centred bars; two: side by side (left and right of the category).
        ...(bars
          ? { paths: uPlot.paths.bars!({ size: [props.series.length > 1 ? 0.4 : 0.6, 80], align: props.series.length > 1 ? (i === 0 ? -1 : 1) : 0 }) }
          : {}),
      })),
    ],
  };
}

export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  // Redrawn when what it shows changes, not whenever the screen renders.
  const shown = JSON.stringify([props.kind, props.x, props.series, props.height]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shown` stands for every prop the chart draws
  useEffect(() => {
    const el = box.current;
    if (!el || !canDraw()) return;
    let plot: uPlotType | undefined;
    let resize: ResizeObserver | undefined;
    let gone = false;
    // Loaded with the first chart, not with the screen: the numbers show before the drawing.
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: uPlot }]) => {
      if (gone) return;
      const xs = props.kind === 'bars' ? props.x.map((_, i) => i) : (props.x as Date[]).map((d) => d.getTime() / 1000);
      const data = [xs, ...props.series.map((s) => s.values)] as AlignedData;
      const made = new uPlot(options(uPlot, props, el.clientWidth || 340), data, el);
      plot = made;
      resize = new ResizeObserver(() => made.setSize({ width: el.clientWidth || 340, height: props.height ?? 220 }));
      resize.observe(el);
    });
    return () => {
      gone = true;
      resize?.disconnect();
      plot?.destroy();
    };
  }, [shown]);
  return <div ref={box} className="chart" role="img" aria-label={props.title} />;
}
