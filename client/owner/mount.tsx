import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { primeFirstScreen } from './first-screen.ts';
import { newQueryClient, OwnerApp } from './OwnerApp.tsx';

/**
 * The owner's app is installed on a phone as its own app: "Кабинет владельца", opening at
 * /owner in portrait (client/public/owner.webmanifest), not as the barista's landscape counter.
 * The page shell is shared, so the owner's manifest replaces the counter's link here, before
 * the browser is asked to install.
 */
export const OWNER_MANIFEST = '/owner.webmanifest';

export function linkOwnerManifest(doc: Document = document): void {
  let link = doc.querySelector<HTMLLinkElement>('link[rel="manifest"]');
  if (!link) {
    link = doc.createElement('link');
    link.rel = 'manifest';
    doc.head.append(link);
  }
  link.href = OWNER_MANIFEST;
}

export async function mountOwner(root: HTMLElement): Promise<void> {
  document.title = 'Кабинет владельца — кофейня';
  linkOwnerManifest();
  const client = newQueryClient();
  await primeFirstScreen(client);
  createRoot(root).render(
    <StrictMode>
      <OwnerApp client={client} />
    </StrictMode>,
  );
}
