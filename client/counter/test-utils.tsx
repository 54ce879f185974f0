import 'fake-indexeddb/auto';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CounterDb } from '../data/db.ts';
import { DbProvider } from '../data/db-context.tsx';
import { CounterApp } from './CounterApp.tsx';
import { loadDeferred } from './deferred-loader.ts';
import { useCounterUi } from './store.ts';

/**
 * The whole counter app on a fresh database, starting at the search screen in Russian, with the
 * code after its first screen already loaded, as src/main.tsx has it once the page is idle.
 */
export async function renderCounter() {
  await loadDeferred();
  const db = new CounterDb(`ui-${Math.random()}`);
  await db.open();
  useCounterUi.setState({ screen: { name: 'search' }, locale: 'ru', notice: null });
  const user = userEvent.setup();
  const view = render(
    <DbProvider db={db}>
      <CounterApp />
    </DbProvider>,
  );
  return { db, user, ...view };
}
