/** What the simulator and its server process (sim-server.ts) agree on; kept apart so the process loads nothing of the tablets. */
export const SIM_NOW_HEADER = 'x-sim-now';
export const END_PROMOTION_PATH = '/__sim/end-promotion';
export const READY_LINE = 'sim-server ready';
/** Printed by the process when a sync request arrives, before it is handled. */
export const SYNC_LINE = /^sync \d+$/gm;
