import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CounterApp } from '../counter/CounterApp.tsx';
import { counterDb } from '../data/db.ts';
import { ensureDeviceId } from '../data/settings.ts';
import { startAppSync } from '../data/sync/app-sync.ts';
import { registerServiceWorker } from '../pwa/register-sw.ts';
import '../ui/styles.css';

registerServiceWorker();
const root = document.getElementById('root')!;

// One app, two roles. The owner's screens are their own chunk, fetched only under /owner,
// so the counter's first load carries none of them; the owner's phone is not a tablet and
// neither opens the tablet's database nor syncs.
if (location.pathname === '/owner' || location.pathname.startsWith('/owner/')) {
  void import('../owner/mount.tsx').then(({ mountOwner }) => mountOwner(root));
} else {
  void ensureDeviceId(counterDb());
  createRoot(root).render(
    <StrictMode>
      <CounterApp />
    </StrictMode>,
  );
  // Syncing is not needed to show the first screen: it starts once the page has loaded and
  // the browser is idle, so a slow tablet paints the counter first (writes made before it
  // starts wait in the outbox and go with its first round).
  // The registration and edit code is its own chunk (it carries the phone parser); fetch it
  // now, while online, so a guest can be registered even if the network drops before the
  // service worker has cached it.
  afterLoad(() => {
    startAppSync();
    void import('../data/guests.ts');
  });
}

function afterLoad(run: () => void): void {
  const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(run, { timeout: 2000 }) : setTimeout(run, 200));
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}
