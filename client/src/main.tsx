import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CounterApp } from '../counter/CounterApp.tsx';
import { loadDeferred } from '../counter/deferred-loader.ts';
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
// counter's first screen does not need (counter/deferred.ts), fetched then, while online.
afterLoad(() => void loadDeferred().then((m) => m.startAppSync()));

function afterLoad(run: () => void): void {
  const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(run, { timeout: 2000 }) : setTimeout(run, 200));
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}
