/**
 * The real server process, as `npm start` runs it without the build, for tests that kill it
 * (SIGKILL) and start it again on the same data.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  url: string;
}

export function serveProcess(env: Record<string, string>, port: number): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, DATABASE_URL: '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output, url: `http://127.0.0.1:${port}` };
}

/** Waits for a condition; a timeout says what the server printed. */
export async function until(what: string, ok: () => boolean | Promise<boolean>, output: () => string, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  while (!(await ok())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; the server printed:\n${output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Stops the process unless it already ended (a killed one has a signal, not an exit code). */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
