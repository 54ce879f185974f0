/**
 * The CLI as an admin runs it (a real process), against a server that dies mid-command and a
 * database that is not there: one line on stderr, a non-zero exit, never a stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';

function runCliProcess(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const dirs: string[] = [];
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('prints one line and exits 1 when the running server dies during a forwarded import', { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cli-dead-server-'));
  dirs.push(dataDir);
  // The "server": takes the command, then its process dies (the connection drops with no answer).
  let reached = false;
  const server = createServer((req) => {
    reached = true;
    req.socket.destroy();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  // This test process stands in for the server's pid: alive, and not the CLI's own.
  writeFileSync(join(dataDir, 'server.json'), JSON.stringify({ pid: process.pid, port, adminSecret: 's' }));
  writeFileSync(join(dataDir, 'guests.csv'), 'phone,name,registered_at\n+79120000001,Анна,2026-01-01T10:00:00Z\n');

  const r = await runCliProcess(['import', '--guests', join(dataDir, 'guests.csv')], { DATA_DIR: dataDir, DATABASE_URL: '' });
  expect(reached).toBe(true);
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: the running server stopped answering during the command/)]);
  expect(r.stderr).not.toMatch(/\n\s+at |node:internal/);
});

it('prints one line and exits 1 when the database cannot be reached', { timeout: 60_000 }, async () => {
  // A port that nothing listens on: taken, then released.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));

  const r = await runCliProcess(['balances'], { DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/cafe` });
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: cannot reach PostgreSQL .*ECONNREFUSED/)]);
  expect(r.stderr).not.toMatch(/\n\s+at |node:internal/);
});
