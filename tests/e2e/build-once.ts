/**
 * The browser suites serve what `vite build` ships. Building once for the whole run instead of
 * once per suite keeps CI minutes for tests; tests/start.test.ts still runs `npm start` itself,
 * build included, as a newcomer does.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export default async function buildOnce(): Promise<void> {
  // Vitest sets NODE_ENV=test, which would make `vite build` bundle React's development build.
  const { NODE_ENV: _, ...env } = process.env;
  await promisify(execFile)('npx', ['vite', 'build'], { env, maxBuffer: 16 * 1024 * 1024 });
}
