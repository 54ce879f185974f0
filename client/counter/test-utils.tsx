import 'fake-indexeddb/auto';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CounterDb } from '../data/db.ts';
import { DbProvider } from '../data/db-context.tsx';
import { CounterApp } from './CounterApp.tsx';
import { useCounterUi } from './store.ts';

/** The whole counter app on a fresh database, starting at the search screen in Russian. */
export async function renderCounter() {
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
