/**
 * The demo's data folder. `npm run demo` builds its café anew at each run, so it must empty
 * its folder, and the only folder it may ever empty is one it made itself: it leaves a marker
 * file in every folder it creates and refuses to touch a non-empty folder without that marker
 * (a café's real ./data, a home directory named by a mistyped DEMO_DATA_DIR).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEMO_MARKER = '.cafe-loyalty-demo';
export const DEFAULT_DEMO_DIR = './data-demo';

export class NotADemoFolderError extends Error {
  constructor(readonly dir: string) {
    super(`${dir} holds files and was not made by \`npm run demo\` (no ${DEMO_MARKER} in it): refusing to delete it. Set DEMO_DATA_DIR to another folder.`);
  }
}

/** The demo's folder from the environment: DEMO_DATA_DIR, never the café's own DATA_DIR. */
export function demoDataDir(env: Record<string, string | undefined>): string {
  return env.DEMO_DATA_DIR || DEFAULT_DEMO_DIR;
}

/** Empties `dir` for a new demo (or creates it) and marks it as the demo's; throws NotADemoFolderError for a foreign folder. */
export function prepareDemoFolder(dir: string): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(DEMO_MARKER)) throw new NotADemoFolderError(dir);
    // Empty what is inside, not the folder itself: it may be a mount point or a symlink the user made.
    for (const entry of entries) rmSync(join(dir, entry), { recursive: true, force: true });
  } else {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  writeFileSync(join(dir, DEMO_MARKER), 'Made by `npm run demo`; the next run empties this folder.\n', { mode: 0o600 });
}
