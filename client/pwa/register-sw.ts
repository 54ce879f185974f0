/**
 * Registers the service worker (workbox-window, through vite-plugin-pwa). A new version is
 * never forced on the barista: it waits until they tap "Обновить", and the prompt is not
 * shown while a purchase is being entered.
 */
import { registerSW } from 'virtual:pwa-register';
import { useUpdate } from './update-store.ts';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  // Registered at the page's load event (not at once), so installing the worker and
  // precaching the app never competes with the first screen for the network.
  const updateSW = registerSW({
    immediate: false,
    onNeedRefresh: () => useUpdate.getState().offer(() => void updateSW(true)),
  });
}
