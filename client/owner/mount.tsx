import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OwnerApp } from './OwnerApp.tsx';

export function mountOwner(root: HTMLElement): void {
  document.title = 'Кофейня — кабинет владельца';
  createRoot(root).render(
    <StrictMode>
      <OwnerApp />
    </StrictMode>,
  );
}
