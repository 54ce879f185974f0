/**
 * Charts on the owner's phone, drawn by uPlot (canvas; chosen for its size, see the commit
 * that added it). Categories (segments, months) are bars at x = 0, 1, 2…, each bar in its own
 * colour when `barColors` is given (the segment's colour, the same as on its card); a trend
 * is lines over time. Every axis speaks the screen's language (Russian month names), and the
 * value axis is as wide as its longest label, so "1 500" is never clipped to ". 500".
 * The chart is redrawn when its data changes and follows its container's width.
 */
import { useEffect, useRef } from 'react';
import type uPlotType from 'uplot';
import type { AlignedData, Axis, Options } from 'uplot';
import { intlLocale } from '../i18n/intl.ts';
import type { Locale } from '../i18n/messages.ts';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

interface ChartProps {
  /** What the chart shows, for screen readers (the numbers are also in the table or cards beside it). */
  title: string;
  kind: 'bars' | 'lines';
  /** Bars: one label per category. Lines: one time per point. */
  x: string[] | Date[];
  series: ChartSeries[];
  /** Bars of one series: a colour per category (the legend is then left out: the labels say it). */
  barColors?: readonly string[];
  locale: Locale;
  /** How a value on the axis reads: whole numbers by default; rubles for money in kopecks. */
  unit?: 'count' | 'rubles';
  height?: number;
}

/**
 * One colour per segment, by its place in the rule set: the cards' swatches use the same list
 * (owner.css, .swatch[data-color]). Each passes 3:1 against the white chart background.
 */
export const SEGMENT_COLORS = [
  '#2f7d4a',
  '#1f6fb2',
  '#b86e00',
  '#8e5bb5',
  '#6e6e6e',
  '#c23b3b',
  '#1f8a85',
  '#9b5f22',
  '#5b3a29',
  '#c2497f',
  '#4b8f29',
  '#345c9c',
  '#808080',
];
export const segmentColor = (index: number) => SEGMENT_COLORS[index % SEGMENT_COLORS.length]!;

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const AXIS_INK = '#4a413b';

/** A browser that can draw: uPlot needs a 2D canvas and matchMedia (it reads both as it loads). */
const canDraw = () => typeof window.matchMedia === 'function' && !!document.createElement('canvas').getContext('2d');

let measurer: CanvasRenderingContext2D | null = null;
function textWidth(text: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * 7;
  measurer.font = FONT;
  return measurer.measureText(text).width;
}

/** The axis of values: Russian or English grouping ("1 500"), rubles without kopecks, as wide as its widest label. */
function valueAxis(props: ChartProps): Axis {
  const number = new Intl.NumberFormat(intlLocale(props.locale), { maximumFractionDigits: 0 });
  const format = (v: number) => (props.unit === 'rubles' ? number.format(v / 100) : number.format(v));
  return {
    font: FONT,
    stroke: AXIS_INK,
    values: (_u, splits) => splits.map(format),
    size: (_u, values) => Math.ceil(Math.max(24, ...(values ?? []).map((v) => textWidth(String(v ?? ''))))) + 14,
    // Whole steps only: half a guest is not a value.
    incrs:
      props.unit === 'rubles'
        ? [100, 500, 1000, 5000, 10_000, 50_000, 100_000, 500_000, 1_000_000, 5_000_000, 10_000_000, 50_000_000]
        : [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000],
  };
}

/** Dates on the time axis in the screen's language, one label every few points so they never crowd. */
function timeAxis(props: ChartProps): Axis {
  const times = (props.x as Date[]).map((d) => d.getTime() / 1000);
  const label = new Intl.DateTimeFormat(intlLocale(props.locale), { day: 'numeric', month: 'short' });
  const perLabel = 64;
  return {
    font: FONT,
    stroke: AXIS_INK,
    // As many labels as fit the width, counted back from the newest point so today always has one.
    splits: (u) => {
      const every = Math.max(1, Math.ceil(times.length / Math.max(2, Math.floor((u.width - 60) / perLabel))));
      return times.filter((_, i) => (times.length - 1 - i) % every === 0);
    },
    values: (_u, splits) => splits.map((s) => label.format(new Date(s * 1000))),
    size: 36,
    gap: 6,
  };
}

function categoryAxis(labels: string[]): Axis {
  const widest = Math.max(0, ...labels.map(textWidth));
  return {
    font: FONT,
    stroke: AXIS_INK,
    values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? (labels[i] ?? '') : '')),
    splits: () => labels.map((_, i) => i),
    // Each label ends under its own bar and runs down to the left, so none passes the right edge.
    rotate: 40,
    // Tall enough for the longest label at 40°.
    size: Math.ceil(widest * Math.sin((40 * Math.PI) / 180)) + 24,
    gap: 4,
  };
}

/** The top of the value axis: a round number just above the largest value (1 000, not 999), so it gets a label. */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((k) => k * power).find((n) => n >= value)!;
}

function options(uPlot: typeof uPlotType, props: ChartProps, width: number): Options {
  const bars = props.kind === 'bars';
  const labels = bars ? (props.x as string[]) : [];
  const split = bars && props.barColors && props.series.length === 1;
  const series = split
    ? labels.map((label, i) => ({ label, color: props.barColors![i]!, values: props.series[0]!.values.map((v, j) => (j === i ? v : null)) }))
    : props.series;
  const side = !split && props.series.length > 1;
  return {
    width,
    height: props.height ?? 220,
    // Labels only: on a phone the live values under a finger are more noise than help.
    legend: { show: !split && series.length > 1, live: false },
    cursor: { show: false, drag: { x: false, y: false } },
    scales: { x: bars ? { time: false, range: [-0.5, labels.length - 0.5] } : { time: true }, y: { range: (_u, _min, max) => [0, niceCeiling(max * 1.05)] } },
    axes: [bars ? categoryAxis(labels) : timeAxis(props), valueAxis(props)],
    series: [
      {},
      ...series.map((s, i) => ({
        label: s.label,
        stroke: s.color,
        fill: bars ? s.color : undefined,
        width: bars ? 0 : 2,
        points: { show: !bars },
        // One series (or one per category): centred bars; two: side by side.
        ...(bars ? { paths: uPlot.paths.bars!({ size: [side ? 0.4 : 0.6, 80], align: side ? (i === 0 ? -1 : 1) : 0 }) } : {}),
      })),
    ],
  };
}

export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  // Redrawn when what it shows changes, not whenever the screen renders.
  const shown = JSON.stringify([props.kind, props.x, props.series, props.barColors, props.locale, props.unit, props.height]);
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
      const split = props.kind === 'bars' && props.barColors && props.series.length === 1;
      const xs = props.kind === 'bars' ? props.x.map((_, i) => i) : (props.x as Date[]).map((d) => d.getTime() / 1000);
      const values = split ? props.x.map((_, i) => props.series[0]!.values.map((v, j) => (j === i ? v : null))) : props.series.map((s) => s.values);
      const data = [xs, ...values] as AlignedData;
      const width = () => el.clientWidth || 340;
      let drawnAt = width();
      const made = new uPlot(options(uPlot, props, drawnAt), data, el);
      plot = made;
      resize = new ResizeObserver(() => {
        if (width() === drawnAt) return;
        drawnAt = width();
        made.setSize({ width: drawnAt, height: props.height ?? 220 });
      });
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
