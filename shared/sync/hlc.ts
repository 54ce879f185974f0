/**
 * Hybrid logical clock: orders profile edits across tablets without trusting their wall
 * clocks. A stamp is (wall ms, counter, node), written as a string that sorts in clock order.
 * A tablet whose clock runs behind still moves forward past every stamp it has seen.
 */
export interface Hlc {
  wall: number;
  counter: number;
  node: string;
}

export function formatHlc(h: Hlc): string {
  return `${h.wall.toString().padStart(15, '0')}:${h.counter.toString(36).padStart(5, '0')}:${h.node}`;
}

export function parseHlc(s: string): Hlc {
  const [wall = '0', counter = '0', ...node] = s.split(':');
  return { wall: Number(wall), counter: parseInt(counter, 36), node: node.join(':') };
}

/** The next stamp for a local event at wall-clock `nowMs`, after `last`. */
export function tick(last: string | null, nowMs: number, node: string): string {
  const prev = last ? parseHlc(last) : { wall: 0, counter: 0, node };
  return prev.wall >= nowMs ? formatHlc({ wall: prev.wall, counter: prev.counter + 1, node }) : formatHlc({ wall: nowMs, counter: 0, node });
}

/** Orders two stamps: negative when `a` happened before `b`. */
export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The clock after seeing a remote stamp: never behind anything observed. */
export function observe(last: string | null, remote: string, node: string): string {
  if (last && compareHlc(last, remote) >= 0) return last;
  const r = parseHlc(remote);
  return formatHlc({ wall: r.wall, counter: r.counter, node });
}
