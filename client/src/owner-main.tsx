import { mountOwner } from '../owner/mount.tsx';
import { registerServiceWorker } from '../pwa/register-sw.ts';
import '../ui/styles.css';

// The owner's page is its own entry (owner.html): a phone opening /owner loads neither the
// counter's screens nor its database, only what the owner's screens share with it (React).
registerServiceWorker();
void mountOwner(document.getElementById('root')!);
