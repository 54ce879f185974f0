// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEGMENTS_SCREEN_READS } from '../../shared/api/owner-first-screen.ts';
import { primeFirstScreen } from './first-screen.ts';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
  vi.useRealTimers();
});

/** A fetch that records what is asked and answers each address with `answer`. */
function recordingFetch(answer: (url: string) => Promise<Response>) {
  const asked: string[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    asked.push(String(input));
    return answer(String(input));
  }) as typeof fetch;
  return asked;
}
const ok = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
const page = (preloads: string[]) => {
  const doc = document.implementation.createHTMLDocument('owner');
  for (const href of preloads) doc.head.insertAdjacentHTML('beforeend', `<link rel="preload" href="${href}" as="fetch" crossorigin="anonymous">`);
  return doc;
};

describe('the owner’s first screen, asked before the first paint', () => {
  it('asks only who is here when the page came without the dashboard’s preloads (not logged in)', async () => {
    const asked = recordingFetch(() => ok({ session: null, ownerExists: true }));
    const client = new QueryClient();
    await primeFirstScreen(client, page([]));
    expect(asked).toEqual(['/api/auth/state']);
    expect(client.getQueryData(['session'])).toEqual({ session: null, ownerExists: true });
  });

  it('asks the dashboard’s four reads beside it when the server preloaded them, and keeps the answers', async () => {
    const asked = recordingFetch((url) => ok({ url }));
    const client = new QueryClient();
    await primeFirstScreen(client, page(Object.values(SEGMENTS_SCREEN_READS)));
    expect(asked.sort()).toEqual(['/api/auth/state', ...Object.values(SEGMENTS_SCREEN_READS)].sort());
    expect(client.getQueryData(['report', 'segments'])).toEqual({ url: SEGMENTS_SCREEN_READS.report });
    expect(client.getQueryData(['report', 'movements', 7])).toEqual({ url: SEGMENTS_SCREEN_READS.week });
  });

  it('paints anyway once the wait is over when an answer is slow', async () => {
    vi.useFakeTimers();
    recordingFetch(() => new Promise<Response>(() => undefined));
    let painted = false;
    const primed = primeFirstScreen(new QueryClient(), page([]), 1500).then(() => {
      painted = true;
    });
    await vi.advanceTimersByTimeAsync(1499);
    expect(painted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await primed;
    expect(painted).toBe(true);
  });
});
