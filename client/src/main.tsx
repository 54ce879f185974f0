import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CounterApp } from '../counter/CounterApp.tsx';
import { loadDeferred, whenDeferredLoaded } from '../counter/deferred-loader.ts';
import { counterDb } from '../data/db.ts';
import { ensureDeviceId } from '../data/settings.ts';
import { registerServiceWorker } from '../pwa/register-sw.ts';
import '../ui/styles.css';

// The counter's entry (index.html). The owner's phone opens owner.html, whose entry is
// owner-main.tsx, so neither role loads the other's screens.
registerServiceWorker();
void ensureDeviceId(counterDb());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CounterApp />
  </StrictMode>,
);
// Syncing is not needed to show the first screen: it starts once the page has loaded and
// the browser is idle, so a slow tablet paints the counter first (writes made before it
// starts wait in the outbox and go with its first round). It comes in the chunk of all the
// counter's first screen does not need (counter/deferred.ts), fetched then, while online; the
// loop starts at the next idle moment after the chunk arrives, whoever fetched it (this prefetch,
// or a screen that asked for it after the prefetch failed offline), so evaluating the chunk and
// the loop's first steps are two short tasks rather than one long one.
whenDeferredLoaded((later) => void idle().then(() => later.startAppSync()));
afterLoad(() => loadDeferred());

function idle(): Promise<void> {
  return new Promise((resolve) => ('requestIdleCallback' in window ? requestIdleCallback(() => resolve(), { timeout: 2000 }) : setTimeout(resolve, 200)));
}

function afterLoad(run: () => Promise<unknown>): void {
  // Offline before the service worker has cached the chunk: asked again when the network is back
  // (or by a screen that needs it first).
  const start = () =>
    void idle()
      .then(run)
      .catch(() => window.addEventListener('online', start, { once: true }));
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}
