/**
 * PGlite lets one process open DATA_DIR. While the server runs on it, the CLI hands its
 * command to the server, which runs it on its own open database and sends the output back:
 * `owner create`, `pair`, `import`, `segments` all work with the server up. The server's port
 * and a per-start secret are in DATA_DIR/server.json (readable only by whoever can read the
 * data anyway).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dbConfigFromEnv } from '../db/db.ts';
import { isProcessAlive } from '../db/process.ts';
import { describeFailure } from './failure.ts';
import type { Output } from './output.ts';

export interface ForwardResult {
  code: number;
  stdout: string[];
  stderr: string[];
}

/** The running server holding DATA_DIR, if there is one. */
export function runningServer(): { port: number; adminSecret: string } | null {
  const config = dbConfigFromEnv();
  if (config.databaseUrl) return null;
  const file = join(config.dataDir ?? './data', 'server.json');
  if (!existsSync(file)) return null;
  let info: { pid: number; port: number; adminSecret: string };
  try {
    info = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // A half-written file from a server killed as it started: no server to forward to (the data
    // folder's own lock still stops two processes from opening it).
    return null;
  }
  return Number.isSafeInteger(info.pid) && isProcessAlive(info.pid) && info.pid !== process.pid ? info : null;
}

/**
 * A file the running server writes or reads for us (`--out`; restore's `--from`, elsewhere a
 * date) is named from where the command was typed, not from the server's folder.
 */
export function withAbsoluteOut(argv: readonly string[], cwd = process.cwd()): string[] {
  const files = argv[0] === 'restore' ? ['--out', '--from'] : ['--out'];
  return argv.map((a, i) => {
    for (const flag of files) if (a.startsWith(`${flag}=`)) return `${flag}=${resolve(cwd, a.slice(flag.length + 1))}`;
    return files.includes(argv[i - 1] ?? '') && a !== '' ? resolve(cwd, a) : a;
  });
}

/** Runs argv on the running server; a server that dies or restarts meanwhile is one line on stderr and exit 1. */
export async function forwardToServer(server: { port: number; adminSecret: string }, argv: string[], out: Output): Promise<number> {
  let result: ForwardResult;
  try {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/admin/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-secret': server.adminSecret },
      body: JSON.stringify({ argv }),
    });
    if (!res.ok) {
      out.err(`error: the running server refused the command (HTTP ${res.status})`);
      return 1;
    }
    result = (await res.json()) as ForwardResult;
  } catch (e) {
    out.err(`error: ${describeFailure(e, 'server')}`);
    return 1;
  }
  for (const line of result.stderr) out.err(line);
  for (const line of result.stdout) out.line(line);
  return result.code;
}
