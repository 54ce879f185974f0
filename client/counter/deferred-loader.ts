/**
 * Loads the counter's code that its first screen does not need (deferred.ts) once, for the
 * screens that show it and for src/main.tsx, which asks for it once the page is idle. Screens
 * read it synchronously when it is there, so after that first fetch a tap shows the next
 * screen in the same frame, as when it was part of the entry; before it, the screen appears
 * when it arrives. A failed fetch (offline before the service worker cached it) is tried again
 * the next time a screen asks.
 */
import { useEffect, useState } from 'react';

export type Deferred = typeof import('./deferred.ts');

let loaded: Deferred | undefined;
let loading: Promise<Deferred> | undefined;

export function loadDeferred(): Promise<Deferred> {
  loading ??= import('./deferred.ts').then(
    (m) => (loaded = m),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/**
 * The deferred code if loaded; `wanted` (a screen that needs it is open) starts loading it and
 * renders again when it arrives. Its arrival alone re-renders nothing: the idle prefetch then
 * costs the page no work beyond evaluating the chunk.
 */
export function useDeferred(wanted: boolean): Deferred | undefined {
  const [, arrived] = useState<Deferred>();
  useEffect(() => {
    if (wanted && !loaded) loadDeferred().then(arrived, () => undefined);
  }, [wanted]);
  return loaded;
}
