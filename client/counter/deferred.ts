/**
 * All of the counter that its first screen (the search and the status bar) does not need, as
 * one chunk: the guest screens with the offers, points and purchase code they bring, the
 * registration with its phone parser, pairing and unpairing, the Telegram QR code, and the sync loop. The
 * first paint does not wait for it; src/main.tsx fetches it once the page is idle, while
 * online (deferred-loader.ts), so a tap does not wait for it and it is there even if the
 * network drops before the service worker has cached it. One module, so the parts share no small chunks of their own
 * for the build's chunk floor to fold back into the entry.
 */
export { startAppSync } from '../data/sync/app-sync.ts';
export { EditGuestScreen } from './EditGuestScreen.tsx';
export { GuestCard } from './GuestCard.tsx';
export { PairPanel } from './PairPanel.tsx';
export { PurchaseScreen } from './PurchaseScreen.tsx';
export { RegisterScreen } from './RegisterScreen.tsx';
export { ShiftScreen } from './ShiftScreen.tsx';
export { TabletPanel } from './TabletPanel.tsx';
export { default as TelegramPanel } from './TelegramPanel.tsx';
