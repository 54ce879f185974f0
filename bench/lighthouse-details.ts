/**
 * A plain-text digest of the Lighthouse audits that explain a performance score, kept beside
 * the whole report in bench/data/ (git-ignored): on a shared, loaded host the blocking time is
 * inflated, so the reasons (where the main thread went, which scripts, what shifted) matter
 * more than the score itself.
 */
import type { RunnerResult } from 'lighthouse';

type Row = Record<string, unknown>;

const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'interactive'];

/** Audits whose table says why: the columns worth reading from each. */
const TABLES: Record<string, string[]> = {
  'mainthread-work-breakdown': ['groupLabel', 'duration'],
  'bootup-time': ['url', 'total', 'scripting', 'scriptParseCompile'],
  'long-tasks': ['url', 'startTime', 'duration'],
  'unused-javascript': ['url', 'totalBytes', 'wastedBytes'],
  'render-blocking-resources': ['url', 'totalBytes', 'wastedMs'],
  'layout-shifts': ['node', 'score'],
  'largest-contentful-paint-element': ['node', 'phase', 'timing', 'percent'],
  'network-requests': ['url', 'transferSize', 'resourceSize', 'networkRequestTime', 'networkEndTime'],
};

function cell(value: unknown): string {
  if (value && typeof value === 'object') {
    const v = value as Row;
    // A DOM node: its selector and a snippet are what identify it.
    if (v.type === 'node') return `${v.selector ?? ''} ${String(v.snippet ?? '').slice(0, 120)}`.trim();
    if (v.type === 'url' || v.type === 'source-location') return String(v.url ?? v.value ?? '');
    return JSON.stringify(value).slice(0, 160);
  }
  return typeof value === 'number' ? String(Math.round(value)) : String(value ?? '');
}

/** Table rows of an audit, including those nested in a list (the LCP element's audit). */
function rows(details: Row | undefined): Row[] {
  if (!details) return [];
  if (details.type === 'list') return ((details.items as Row[]) ?? []).flatMap((d) => rows(d));
  const items = (details.items as Row[]) ?? [];
  return items.flatMap((item) => [item, ...(((item.subItems as Row | undefined)?.items as Row[]) ?? []).map((s) => ({ ...s, url: `  ↳ ${cell(s.url)}` }))]);
}

export function lighthouseDigest(r: RunnerResult): string {
  const lhr = r.lhr;
  const lines = [`${lhr.finalDisplayedUrl}  (host benchmark index ${Math.round(lhr.environment.benchmarkIndex)})`];
  lines.push(METRICS.map((m) => `${m} ${lhr.audits[m]?.displayValue ?? '?'} (score ${lhr.audits[m]?.score})`).join('\n'));
  for (const [id, columns] of Object.entries(TABLES)) {
    const audit = lhr.audits[id];
    if (!audit) continue;
    lines.push('', `## ${id}${audit.displayValue ? `: ${audit.displayValue}` : ''}`);
    for (const row of rows(audit.details as Row | undefined)) lines.push(`  ${columns.map((c) => cell(row[c])).join(' | ')}`);
  }
  return `${lines.join('\n')}\n`;
}
