/** Hands the tablet database to the screens, so tests can give each render its own. */
import { createContext, useContext, type ReactNode } from 'react';
import { counterDb, type CounterDb } from './db.ts';

const DbContext = createContext<CounterDb | null>(null);

export function DbProvider({ db, children }: { db: CounterDb; children: ReactNode }) {
  return <DbContext.Provider value={db}>{children}</DbContext.Provider>;
}

export function useDb(): CounterDb {
  return useContext(DbContext) ?? counterDb();
}
