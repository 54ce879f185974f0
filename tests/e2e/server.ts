/**
 * Starts the server on a free port and a fresh data folder, serving the dist/ that
 * tests/e2e/build-once.ts built for the run; `npm start` (build, then serve) when asked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningApp {
  url: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** `npm start` without its build step. */
export const SERVE = ['exec', '--', 'tsx', 'server/main.ts'];

export async function startApp(env: Record<string, string> = {}, command: string[] = SERVE, startTimeoutMs = 90_000): Promise<RunningApp> {
  const port = await freePort();
  const dataDir = join(mkdtempSync(join(tmpdir(), 'e2e-')), 'data');
  // Vitest sets NODE_ENV=test, which would make `vite build` bundle React's development
  // build: the browser tests must run what ships.
  const { NODE_ENV: _, ...parentEnv } = process.env;
  const child: ChildProcess = spawn('npm', command, {
    env: { ...parentEnv, PORT: String(port), DATA_DIR: dataDir, DEMO_DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start in ${startTimeoutMs / 1000} s:\n${output}`)), startTimeoutMs);
    const check = () => {
      if (!output.includes('is running on')) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm ${command.join(' ')} exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://localhost:${port}`,
    dataDir,
    output: () => output,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}
