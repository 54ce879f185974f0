// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerGuest } from '../data/guests.ts';
import { requestPersistentStorage } from '../pwa/storage-status.ts';
import { useUpdate } from '../pwa/update-store.ts';
import { useCounterUi } from './store.ts';
import { renderCounter } from './test-utils.tsx';
import { REFUSED_KEY } from '../data/sync/refused.ts';
import { errorMessage } from '../i18n/error-messages.ts';

afterEach(() => {
  cleanup();
  useUpdate.setState({ ready: false, apply: () => undefined });
});

describe('status bar', () => {
  it('shows offline and online as the browser reports them', async () => {
    await renderCounter();
    expect(screen.getByText('В сети')).toBeTruthy();
    act(() => {
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      window.dispatchEvent(new Event('offline'));
    });
    expect(screen.getByText('Нет сети')).toBeTruthy();
    act(() => {
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
      window.dispatchEvent(new Event('online'));
    });
    expect(screen.getByText('В сети')).toBeTruthy();
  });

  it('counts the records waiting to sync', async () => {
    const ui = await renderCounter();
    expect(screen.getByTestId('pending-count').textContent).toBe('0');
    await registerGuest(ui.db, { phone: '+79120000001', name: '', birthday: '', consent: false }, new Date());
    await screen.findByText('1', { selector: '[data-testid="pending-count"]' });
  });

  it('offers "Обновить" but never during a purchase, and applies it only on tap', async () => {
    const ui = await renderCounter();
    const apply = vi.fn();
    act(() => useUpdate.getState().offer(apply));
    const button = await screen.findByRole('button', { name: 'Обновить' });
    const guest = await registerGuest(ui.db, { phone: '+79120000002', name: 'Ян', birthday: '', consent: false }, new Date());
    act(() => useCounterUi.getState().go({ name: 'purchase', guestId: guest.id }));
    expect(screen.queryByRole('button', { name: 'Обновить' })).toBeNull();
    act(() => useCounterUi.getState().go({ name: 'guest', guestId: guest.id }));
    expect(apply).not.toHaveBeenCalled();
    await ui.user.click(await screen.findByRole('button', { name: 'Обновить' }));
    expect(apply).toHaveBeenCalledTimes(1);
    expect(button).toBeTruthy();
  });
});

describe('sync state', () => {
  it('shows how long ago the last sync was, and lists what the server did not accept with why', async () => {
    const ui = await renderCounter();
    expect(screen.queryByTestId('refused-count')).toBeNull();
    const refusedAt = Date.now() - 60_000;
    await ui.db.settings.bulkPut([
      { key: 'token', value: 't' },
      { key: 'lastSyncAt', value: Date.now() - 5 * 60_000 - 1_000 },
      {
        key: REFUSED_KEY,
        value: [
          {
            mutationId: 'm1',
            mutation: { kind: 'purchase.record' },
            createdAt: refusedAt,
            code: 'invalid',
            message: 'amount over the ceiling',
            field: 'mutations.0.mutation.amount',
            refusedAt,
          },
        ],
      },
    ]);
    await waitFor(() => expect(screen.getByTestId('sync-status').textContent).toMatch(/\(5 мин назад\)/));
    expect((await screen.findByTestId('refused-count')).textContent).toBe('1');
    expect(screen.queryByRole('region', { name: 'Не принято' })).toBeNull();
    await ui.user.click(screen.getByRole('button', { name: /Не принято/ }));
    const panel = screen.getByRole('region', { name: 'Не принято' });
    expect(panel.textContent).toMatch(/покупка: /);
    expect(panel.textContent).toContain(errorMessage('invalid', 'ru'));
  });
});

describe('the storage panel', () => {
  it('gives usage and quota in the screen language: Russian units and a decimal comma, or English', async () => {
    const storage = { persisted: async () => true, estimate: async () => ({ usage: 12.34 * 1_048_576, quota: 1.5 * 1024 * 1_048_576 }) };
    Object.defineProperty(navigator, 'storage', { configurable: true, value: storage });
    try {
      const ui = await renderCounter();
      await ui.user.click(screen.getByRole('button', { name: 'Хранилище' }));
      const panel = await screen.findByRole('region', { name: 'Хранилище' });
      await waitFor(() => expect(panel.textContent?.replace(/[\u00a0\u202f]/g, ' ')).toContain('12,3 МБ занято из 1,5 ГБ'));
      expect(panel.textContent).not.toMatch(/MB|GB|\d\.\d/);
      await ui.user.click(screen.getByRole('button', { name: 'English' }));
      const english = screen.getByRole('region', { name: 'Storage' });
      expect(english.textContent?.replace(/[\u00a0\u202f]/g, ' ')).toContain('12.3 MB used of 1.5 GB');
    } finally {
      Reflect.deleteProperty(navigator, 'storage');
      localStorage.clear();
    }
  });
});

describe('persistent storage', () => {
  it('asks the browser to persist, and reports usage and quota', async () => {
    const persist = vi.fn(async () => true);
    const status = await requestPersistentStorage({
      persisted: async () => false,
      persist,
      estimate: async () => ({ usage: 5_000_000, quota: 1_000_000_000 }),
    } as unknown as StorageManager);
    expect(persist).toHaveBeenCalledOnce();
    expect(status).toEqual({ persisted: true, usage: 5_000_000, quota: 1_000_000_000 });
  });

  it('does not ask again once granted, and copes with no storage API', async () => {
    const persist = vi.fn(async () => true);
    expect(await requestPersistentStorage({ persisted: async () => true, persist, estimate: async () => ({}) } as unknown as StorageManager)).toEqual({
      persisted: true,
      usage: null,
      quota: null,
    });
    expect(persist).not.toHaveBeenCalled();
    expect(await requestPersistentStorage(undefined)).toEqual({ persisted: null, usage: null, quota: null });
  });
});
