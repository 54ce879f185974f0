/**
 * Debian's WebKitGTK, the engine of Safari on the cafés' iPads, driven through its W3C
 * WebDriver server (webkit2gtk-driver) with MiniBrowser as the browser, on an Xvfb display.
 * Without them the WebKit suites are skipped with a message — except in CI, where .ci/run
 * installs them and a missing one fails.
 *
 * Each launch gets its own display (Xvfb picks a free one), its own driver port and its own
 * empty profile folder, and `close()` takes all of it down again, whatever state it is in.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../server.ts';
import { WebDriverSession, waitFor } from './webdriver.ts';

export const WEBKIT_WEBDRIVER = process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB = process.env.XVFB_PATH ?? '/usr/bin/Xvfb';

const missing = [WEBKIT_WEBDRIVER, MINIBROWSER, XVFB].filter((path) => !existsSync(path));
export const webkitAvailable = missing.length === 0;

if (!webkitAvailable) {
  if (process.env.CI) throw new Error(`WebKit is required in CI but missing: ${missing.join(', ')}`);
  console.warn(`SKIPPING WebKit tests: missing ${missing.join(', ')} (apt-get install webkit2gtk-driver xvfb)`);
}

export interface WebKit {
  session: WebDriverSession;
  /** What Xvfb and the driver printed, for failure messages. */
  output: () => string;
  close(): Promise<void>;
}

/** Starts `command` in its own process group, so stopping it also stops what it started (MiniBrowser's web and network processes). */
function start(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: (text: string) => void,
  stdio: ('ignore' | 'pipe')[] = ['ignore', 'pipe', 'pipe'],
) {
  const child = spawn(command, args, { env, stdio, detached: true });
  child.stdout?.on('data', (d) => log(String(d)));
  child.stderr?.on('data', (d) => log(String(d)));
  return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const killer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}

/** Starts Xvfb, WebKitWebDriver and a MiniBrowser session on them. */
export async function launchWebKit(): Promise<WebKit> {
  let output = '';
  const log = (text: string) => {
    output += text;
  };
  const profile = mkdtempSync(join(tmpdir(), 'webkit-profile-'));
  let xvfb: ChildProcess | undefined;
  let driver: ChildProcess | undefined;
  let session: WebDriverSession | undefined;

  const close = async () => {
    try {
      await session?.close();
    } catch (e) {
      log(`closing the session: ${(e as Error).message}\n`);
    } finally {
      await stop(driver);
      await stop(xvfb);
      rmSync(profile, { recursive: true, force: true });
    }
  };

  try {
    // -displayfd: Xvfb takes the first free display and writes its number to fd 3, so
    // parallel runs never race for one.
    xvfb = start(XVFB, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x800x24'], process.env, log, ['ignore', 'pipe', 'pipe', 'pipe']);
    const display = await new Promise<string>((resolve, reject) => {
      xvfb!.stdio[3]!.once('data', (d) => resolve(String(d).trim()));
      xvfb!.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}:\n${output}`)));
    });

    const port = await freePort();
    const env = {
      ...process.env,
      DISPLAY: `:${display}`,
      // A fresh, throw-away profile: no IndexedDB or service worker left from another run.
      HOME: profile,
      XDG_DATA_HOME: join(profile, 'data'),
      XDG_CACHE_HOME: join(profile, 'cache'),
      XDG_CONFIG_HOME: join(profile, 'config'),
      // No accessibility bus on a test machine; GTK would wait for it and warn.
      NO_AT_BRIDGE: '1',
    };
    driver = start(WEBKIT_WEBDRIVER, [`--port=${port}`], env, log);
    const driverUrl = `http://127.0.0.1:${port}`;
    const driverExited = once(driver, 'exit').then(([code]) => {
      throw new Error(`WebKitWebDriver exited with ${code}:\n${output}`);
    });
    driverExited.catch(() => {});
    await Promise.race([
      driverExited,
      waitFor('WebKitWebDriver to answer', async () => {
        try {
          return (await fetch(`${driverUrl}/status`)).ok;
        } catch {
          return false; // not listening yet
        }
      }),
    ]);

    session = await WebDriverSession.open(driverUrl, {
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    });
    return { session, output: () => output, close };
  } catch (e) {
    await close();
    throw new Error(`WebKit did not start: ${(e as Error).message}\n${output}`, { cause: e });
  }
}
