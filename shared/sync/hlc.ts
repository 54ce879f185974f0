/**
 * Hybrid logical clock: orders profile edits across tablets without trusting their wall
 * clocks. A stamp is (wall ms, counter, node), written as `001763802000000:0000a:node`.
 * A tablet whose clock runs behind still moves forward past every stamp it has seen.
 * Stamps come from tablets, so they are parsed strictly (HLC_PATTERN) and compared as numbers:
 * compared as text, "~" or a wall of 16 digits would sort after every honest stamp for good.
 */
export interface Hlc {
  wall: number;
  counter: number;
  node: string;
}

/** 15-digit wall ms, base-36 counter, a node of safe characters. */
export const HLC_PATTERN = /^(\d{15}):([0-9a-z]{1,8}):([\w.:-]{1,40})$/;

export function formatHlc(h: Hlc): string {
  return `${h.wall.toString().padStart(15, '0')}:${h.counter.toString(36).padStart(5, '0')}:${h.node}`;
}

/** The stamp's parts, or null when it is not a stamp this clock writes. */
export function tryParseHlc(s: string): Hlc | null {
  const m = HLC_PATTERN.exec(s);
  if (!m) return null;
  const wall = Number(m[1]);
  const counter = parseInt(m[2]!, 36);
  if (!Number.isSafeInteger(wall) || !Number.isSafeInteger(counter)) return null;
  return { wall, counter, node: m[3]! };
}

/** A malformed stamp (stored before stamps were checked) reads as the beginning of time: it loses to any real edit. */
export function parseHlc(s: string): Hlc {
  return tryParseHlc(s) ?? { wall: 0, counter: 0, node: '' };
}

/** The next stamp for a local event at wall-clock `nowMs`, after `last`. */
export function tick(last: string | null, nowMs: number, node: string): string {
  const prev = last ? parseHlc(last) : { wall: 0, counter: 0, node };
  return prev.wall >= nowMs ? formatHlc({ wall: prev.wall, counter: prev.counter + 1, node }) : formatHlc({ wall: nowMs, counter: 0, node });
}

/** Orders two stamps by wall, then counter, then node: negative when `a` happened before `b`. */
export function compareHlc(a: string, b: string): number {
  const x = parseHlc(a);
  const y = parseHlc(b);
  return x.wall - y.wall || x.counter - y.counter || (x.node < y.node ? -1 : x.node > y.node ? 1 : 0);
}

/** The clock after seeing a remote stamp: never behind anything observed, and never poisoned by a malformed one. */
export function observe(last: string | null, remote: string, node: string): string {
  const r = tryParseHlc(remote);
  if (!r) return last ?? formatHlc({ wall: 0, counter: 0, node });
  if (last && compareHlc(last, remote) >= 0) return last;
  return formatHlc({ wall: r.wall, counter: r.counter, node });
}
