/** `npm start` on a fresh machine: builds the client and serves it with the API on PGlite, no setup. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('npm start serves the app shell and /api/health from a new data folder', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'start-')), 'data');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn('npm', ['start'], { env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '' }, detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output}`)), 60_000);
      child.stdout.on('data', () => output.includes('is running on') && (clearTimeout(timer), resolve()));
      child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
    expect(output).toContain(`http://localhost:${port}`);
    const health = await fetch(`http://localhost:${port}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', storage: 'pglite' });
    const page = await fetch(`http://localhost:${port}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="root">');
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
  }
}, 90_000);
