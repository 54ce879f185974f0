/**
 * bench/results.json: one entry per figure — what was measured, its value and unit, and
 * how. Each run replaces the entries it measured and keeps the others, so the parts of
 * the benchmark can be run one at a time.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface Figure {
  what: string;
  value: number;
  unit: string;
  how: string;
  target?: string;
}

const PATH = new URL('./results.json', import.meta.url);

export function record(figure: Figure): void {
  const doc = existsSync(PATH) ? (JSON.parse(readFileSync(PATH, 'utf8')) as { figures: Figure[] }) : { figures: [] };
  const figures = doc.figures.filter((f) => f.what !== figure.what);
  figures.push({ ...figure, value: Math.round(figure.value * 100) / 100 });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  writeFileSync(PATH, `${JSON.stringify({ machine, updatedAt: new Date().toISOString(), figures }, null, 2)}\n`);
  console.log(`${figure.what}: ${Math.round(figure.value * 100) / 100} ${figure.unit}${figure.target ? ` (target ${figure.target})` : ''}`);
}

/** Wall time of `runs` calls to `fn`, in ms, after 3 warm-up calls that are not kept. */
export async function timeCalls(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const t = performance.now();
    await fn();
    if (i >= 3) samples.push(performance.now() - t);
  }
  return samples;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
