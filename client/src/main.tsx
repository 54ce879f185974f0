import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CounterApp } from '../counter/CounterApp.tsx';
import { counterDb } from '../data/db.ts';
import { ensureDeviceId } from '../data/settings.ts';
import { startAppSync } from '../data/sync/app-sync.ts';
import { registerServiceWorker } from '../pwa/register-sw.ts';
import '../ui/styles.css';

void ensureDeviceId(counterDb());
registerServiceWorker();
startAppSync();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CounterApp />
  </StrictMode>,
);
