/**
 * Loads the counter's code that its first screen does not need (deferred.ts) once, for the
 * screens that show it and for src/main.tsx, which asks for it once the page is idle. Screens
 * read it synchronously when it is there, so after that first fetch a tap shows the next
 * screen in the same frame, as when it was part of the entry; before it, the screen appears
 * when it arrives. A failed fetch (offline before the service worker cached it) is tried again
 * the next time a screen asks.
 */
import { useEffect, useSyncExternalStore } from 'react';

export type Deferred = typeof import('./deferred.ts');

let loaded: Deferred | undefined;
let loading: Promise<Deferred> | undefined;
const listeners = new Set<() => void>();

export function loadDeferred(): Promise<Deferred> {
  loading ??= import('./deferred.ts').then(
    (m) => {
      loaded = m;
      for (const listener of listeners) listener();
      return m;
    },
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The deferred code if loaded; `wanted` (a screen that needs it is open) starts loading it. */
export function useDeferred(wanted: boolean): Deferred | undefined {
  const deferred = useSyncExternalStore(subscribe, () => loaded);
  useEffect(() => {
    if (wanted && !deferred) loadDeferred().catch(() => undefined);
  }, [wanted, deferred]);
  return deferred;
}
