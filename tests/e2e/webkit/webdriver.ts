/**
 * The few W3C WebDriver commands the WebKit suites use, over plain fetch. A client library
 * (selenium-webdriver, webdriver) would bring dozens of packages and its own driver management
 * for about a dozen endpoints; this file is the whole protocol we speak.
 *
 * Elements are found by XPath and found again for every action, and every action waits until
 * it succeeds or its time runs out: React re-renders replace nodes (a stale reference is
 * normal, not a failure), and no test needs a fixed sleep.
 */

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** An error the driver answered with, carrying its W3C code (`no such element`, `stale element reference`…). */
export class WebDriverError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** Errors that mean "not yet": the element may appear, settle or become clickable on the next try. */
const RETRYABLE = new Set(['no such element', 'stale element reference', 'element not interactable', 'element click intercepted']);

interface ElementRef {
  [ELEMENT]: string;
}

export interface WaitOptions {
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const POLL_MS = 50;

/** Retries `attempt` until it returns a value other than undefined/false or the time runs out; retryable driver errors count as "not yet". */
export async function waitFor<T>(
  what: string,
  attempt: () => Promise<T | undefined | false>,
  { timeoutMs = DEFAULT_TIMEOUT_MS }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined && value !== false) return value;
      last = undefined;
    } catch (e) {
      if (!(e instanceof WebDriverError && RETRYABLE.has(e.code))) throw e;
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Quotes a string as an XPath 1.0 literal (which has no escapes). */
export function xpathLiteral(text: string): string {
  if (!text.includes("'")) return `'${text}'`;
  if (!text.includes('"')) return `"${text}"`;
  return `concat(${text
    .split("'")
    .map((part) => `'${part}'`)
    .join(`, "'", `)})`;
}

export class WebDriverSession {
  private constructor(
    private readonly base: string,
    readonly id: string,
  ) {}

  /** Opens a session on the driver at `driverUrl` with these capabilities (`alwaysMatch`). */
  static async open(driverUrl: string, capabilities: Record<string, unknown>): Promise<WebDriverSession> {
    const value = await command<{ sessionId: string }>(driverUrl, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } }, 60_000);
    return new WebDriverSession(driverUrl, value.sessionId);
  }

  private call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return command<T>(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** Loads `url` and returns when the page has loaded. */
  async navigate(url: string): Promise<void> {
    await this.call('POST', '/url', { url });
  }

  async reload(): Promise<void> {
    await this.call('POST', '/refresh', {});
  }

  /** Opens a new tab and switches to it. */
  async newTab(): Promise<void> {
    const { handle } = await this.call<{ handle: string }>('POST', '/window/new', { type: 'tab' });
    await this.call('POST', '/window', { handle });
  }

  /** Runs `script` (a function body; `arguments` holds `args`) in the page and returns its result; a returned promise is awaited. */
  execute<T>(script: string, ...args: unknown[]): Promise<T> {
    return this.call<T>('POST', '/execute/sync', { script, args });
  }

  private async findAll(xpath: string): Promise<string[]> {
    const refs = await this.call<ElementRef[]>('POST', '/elements', { using: 'xpath', value: xpath });
    return refs.map((r) => r[ELEMENT]);
  }

  private async findOne(xpath: string): Promise<string> {
    const [first] = await this.findAll(xpath);
    if (first === undefined) throw new WebDriverError('no such element', xpath);
    return first;
  }

  /** Waits until an element matching `xpath` is shown. */
  async waitForElement(xpath: string, options?: WaitOptions): Promise<void> {
    await waitFor(
      `an element shown at ${xpath}`,
      async () => {
        for (const el of await this.findAll(xpath)) if (await this.call<boolean>('GET', `/element/${el}/displayed`)) return true;
        return false;
      },
      options,
    );
  }

  /** Clicks the first element matching `xpath` once it exists and can be clicked. */
  async click(xpath: string, options?: WaitOptions): Promise<void> {
    await waitFor(
      `a click on ${xpath}`,
      async () => {
        await this.call('POST', `/element/${await this.findOne(xpath)}/click`, {});
        return true;
      },
      options,
    );
  }

  /** Replaces the value of the input at `xpath` by typing `text` as keys, as a person would (React sees every input event). */
  async fill(xpath: string, text: string, options?: WaitOptions): Promise<void> {
    // The old value is erased with Backspace from the end, where Element Send Keys puts the
    // caret: the Element Clear command sets the value from script, which React does not notice,
    // and WebKitGTK's driver keeps Ctrl held through the null key, so Ctrl+A would eat the text.
    const BACKSPACE = '\uE003';
    await waitFor(
      `${JSON.stringify(text)} typed into ${xpath}`,
      async () => {
        const el = await this.findOne(xpath);
        const old = await this.call<string>('GET', `/element/${el}/property/value`);
        await this.call('POST', `/element/${el}/value`, { text: BACKSPACE.repeat(old.length) + text });
        return (await this.call<string>('GET', `/element/${el}/property/value`)) === text;
      },
      options,
    );
  }

  /** The rendered text of the first element matching `xpath`, once there is one. */
  text(xpath: string, options?: WaitOptions): Promise<string> {
    return waitFor(`text of ${xpath}`, async () => this.call<string>('GET', `/element/${await this.findOne(xpath)}/text`), options);
  }

  /** The rendered texts of every element matching `xpath`, in document order (none is an empty list). */
  async texts(xpath: string): Promise<string[]> {
    return waitFor(`texts of ${xpath}`, async () => {
      const texts: string[] = [];
      for (const el of await this.findAll(xpath)) texts.push(await this.call<string>('GET', `/element/${el}/text`));
      return texts;
    });
  }

  /** Ends the session; the driver closes the browser. */
  async close(): Promise<void> {
    await command(this.base, 'DELETE', `/session/${this.id}`, undefined, 30_000);
  }
}

/** One WebDriver request: resolves with its `value`, or throws the driver's error with its code. */
async function command<T>(base: string, method: string, path: string, body: unknown, timeoutMs = 60_000): Promise<T> {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const payload = (await response.json()) as { value: T | { error: string; message: string } };
  if (!response.ok) {
    const error = payload.value as { error: string; message: string };
    throw new WebDriverError(error.error, error.message);
  }
  return payload.value as T;
}
