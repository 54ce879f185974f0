/**
 * Where the simulator's server runs. In process (the default): createApp over the storage,
 * called without a port, and a restart closes the storage and opens it again. As its own
 * process (`--server process`, sim-server.ts): real HTTP on 127.0.0.1, the simulated clock
 * sent with every request, and a restart is a SIGKILL while the exchange that drew the fault
 * is in flight (after the server has read the request, at a random moment of its handling:
 * before the commit, or after it and before the answer), then a new process on the same
 * storage. Either way the exchange then runs its course: it fails, or it got its answer out.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../server/app.ts';
import type { Db, DbConfig } from '../../server/db/db.ts';
import type { CafeId } from '../../shared/domain/ids.ts';
import type { PromotionId } from '../../shared/promotions/promotion.ts';
import { freePort } from '../e2e/server.ts';
import { setPromotionStatus } from '../../server/promotions/promotions.repo.ts';
import { stopProcess } from '../support/server-process.ts';
import { END_PROMOTION_PATH, READY_LINE, SIM_NOW_HEADER, SYNC_LINE } from './sim-server-protocol.ts';

export interface SimServer {
  /** A request as a tablet sends it, on the simulated clock. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The 'restart' fault around one exchange: `send` starts it; its outcome is returned (or thrown) as it came. */
  restart<T>(send: () => Promise<T>): Promise<T>;
  endPromotion(cafeId: CafeId, id: PromotionId): Promise<void>;
  /** Stops the server and hands its storage over for the audit. */
  stop(): Promise<Db>;
  /** Processes killed (SIGKILL), and of those how many while the exchange was still unanswered. */
  readonly kills: { total: number; inFlight: number };
}

export function inProcessServer(first: Db, open: () => Promise<Db>, now: () => Date): SimServer {
  let db = first;
  let app = createApp({ db, now });
  return {
    fetch: async (path, init) => app.request(path, init),
    restart: async (send) => {
      await db.close();
      db = await open();
      app = createApp({ db, now });
      return send();
    },
    endPromotion: async (cafeId, id) => void (await setPromotionStatus(db, cafeId, id, 'ended', now())),
    stop: async () => db,
    kills: { total: 0, inFlight: 0 },
  };
}

/** Spawns sim-server.ts on `config`; the caller has closed its own handle on the storage (PGlite allows one process). */
export async function processServer(config: DbConfig, open: () => Promise<Db>, now: () => Date, random: () => number): Promise<SimServer> {
  const entry = fileURLToPath(new URL('./sim-server.ts', import.meta.url));
  const kills = { total: 0, inFlight: 0 };
  let child: ChildProcess;
  let url = '';
  let output = '';
  let syncs = 0;
  const waiting: { after: number; resolve: () => void }[] = [];

  const start = async () => {
    const port = await freePort();
    output = '';
    child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: { ...process.env, DATABASE_URL: config.databaseUrl ?? '', DATA_DIR: config.dataDir ?? '', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = `http://127.0.0.1:${port}`;
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        const text = String(d);
        // Only the tail is kept, for the message if the process dies before it is ready.
        output = (output + text).slice(-20_000);
        syncs += text.match(SYNC_LINE)?.length ?? 0;
        for (let i = waiting.length - 1; i >= 0; i--) if (syncs > waiting[i]!.after) waiting.splice(i, 1)[0]!.resolve();
        if (text.includes(READY_LINE)) resolve();
      });
      child.stderr!.on('data', (d: Buffer) => (output = (output + String(d)).slice(-20_000)));
      child.once('exit', (code, signal) => reject(new Error(`the simulator's server ended (${code ?? signal}) before it was ready:\n${output}`)));
    });
    await ready;
  };
  await start();
  // A run that fails half-way leaves no server behind holding the port and the storage.
  process.once('exit', () => child.kill('SIGKILL'));

  return {
    fetch: (path, init) => {
      const headers = new Headers(init?.headers);
      headers.set(SIM_NOW_HEADER, now().toISOString());
      return fetch(`${url}${path}`, { ...init, headers });
    },
    restart: async (send) => {
      const before = syncs;
      const arrived = new Promise<void>((resolve) => waiting.push({ after: before, resolve }));
      const outcome = send().then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      let answered = false;
      void outcome.then(() => (answered = true));
      await Promise.race([arrived, outcome]);
      const delay = Math.floor(random() * 30);
      await Promise.race([new Promise((r) => setTimeout(r, delay)), outcome]);
      const inFlight = !answered;
      await stopProcess(child, 'SIGKILL');
      kills.total++;
      if (inFlight) kills.inFlight++;
      const result = await outcome;
      await start();
      if (result.ok) return result.value;
      throw result.error;
    },
    endPromotion: async (cafeId, id) => {
      const res = await fetch(`${url}${END_PROMOTION_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIM_NOW_HEADER]: now().toISOString() },
        body: JSON.stringify({ cafeId, promotionId: id }),
      });
      if (res.status !== 204) throw new Error(`ending a promotion failed: ${res.status}`);
    },
    stop: async () => {
      await stopProcess(child, 'SIGTERM');
      return open();
    },
    kills,
  };
}
