/**
 * Loads the counter's code that its first screen does not need (deferred.ts) once, for the
 * screens that show it and for src/main.tsx, which asks for it once the page is idle. Screens
 * read it synchronously when it is there, so after that first fetch a tap shows the next
 * screen in the same frame, as when it was part of the entry; before it, the screen appears
 * when it arrives. A failed fetch (offline before the service worker cached it) is tried again
 * the next time a screen asks, or when the network comes back while one is waiting.
 */
import { useEffect, useState } from 'react';

export type Deferred = typeof import('./deferred.ts');

let loaded: Deferred | undefined;
let loading: Promise<Deferred> | undefined;
const onLoad: ((m: Deferred) => void)[] = [];

export function loadDeferred(): Promise<Deferred> {
  loading ??= import('./deferred.ts').then(
    (m) => {
      loaded = m;
      for (const run of onLoad.splice(0)) run(m);
      return m;
    },
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/** Runs `run` once the deferred code is loaded, by whichever caller fetched it (at once if it is). */
export function whenDeferredLoaded(run: (m: Deferred) => void): void {
  if (loaded) run(loaded);
  else onLoad.push(run);
}

/**
 * The deferred code if loaded; `wanted` (a screen that needs it is open) starts loading it and
 * renders again when it arrives. Its arrival alone re-renders nothing: the idle prefetch then
 * costs the page no work beyond evaluating the chunk.
 */
export function useDeferred(wanted: boolean): Deferred | undefined {
  const [, arrived] = useState<Deferred>();
  useEffect(() => {
    if (!wanted || loaded) return;
    const load = () => void loadDeferred().then(arrived, () => undefined);
    load();
    window.addEventListener('online', load);
    return () => window.removeEventListener('online', load);
  }, [wanted]);
  return loaded;
}
