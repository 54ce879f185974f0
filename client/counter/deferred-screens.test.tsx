// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CounterDb } from '../data/db.ts';
import { DbProvider } from '../data/db-context.tsx';
import { CounterApp } from './CounterApp.tsx';
import { useCounterUi } from './store.ts';

afterEach(cleanup);

// No renderCounter here: it loads deferred.ts first, and these cases are about before that.
describe('the counter before the code after its first screen has loaded', () => {
  it('shows the search without it, and a screen that needs it as soon as it arrives', async () => {
    const db = new CounterDb(`deferred-${Math.random()}`);
    await db.open();
    useCounterUi.setState({ screen: { name: 'search' }, locale: 'ru', notice: null });
    const user = userEvent.setup();
    render(
      <DbProvider db={db}>
        <CounterApp />
      </DbProvider>,
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Найти гостя');

    await user.type(screen.getByLabelText('Телефон гостя'), '+7 912 000-00-01');
    await user.click(screen.getByRole('button', { name: 'Новый гость' }));
    await user.type(await screen.findByLabelText('Имя'), 'Анна');
    await user.click(screen.getByRole('button', { name: 'Зарегистрировать' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Анна' })).toBeTruthy();
    expect(await db.guests.count()).toBe(1);
  });
});

describe('once that code arrives', () => {
  it('runs what waits for that code (the sync loop) when it arrives, whoever fetched it, and at once after', async () => {
    // A loader that has loaded nothing yet, whatever the case above did.
    vi.resetModules();
    const { loadDeferred, whenDeferredLoaded } = await import('./deferred-loader.ts');
    const waiting: unknown[] = [];
    whenDeferredLoaded((m) => waiting.push(m));
    expect(waiting).toEqual([]);
    // A screen's fetch, not the idle prefetch (which may have failed offline).
    const later = await loadDeferred();
    expect(waiting).toEqual([later]);
    expect(typeof later.startAppSync).toBe('function');
    let now: unknown;
    whenDeferredLoaded((m) => (now = m));
    expect(now).toBe(later);
    expect(waiting).toHaveLength(1);
  });
});
