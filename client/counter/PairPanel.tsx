import { useState, type FormEvent } from 'react';
import { useDb } from '../data/db-context.tsx';
import { pairTablet } from '../data/sync/app-sync.ts';
import { SyncHttpError } from '../data/sync/transport.ts';
import { useT } from '../i18n/use-t.ts';
import { Field } from '../ui/Field.tsx';
import { useCounterUi } from './store.ts';

/** The owner gives a one-time code; the tablet keeps working offline before and after. */
export function PairPanel({ onDone }: { onDone: () => void }) {
  const t = useT();
  const db = useDb();
  const notify = useCounterUi((s) => s.notify);
  const [code, setCode] = useState('');
  const [name, setName] = useState('Стойка');
  const [error, setError] = useState<string>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await pairTablet(db, window.location.origin, code, name);
      notify(t.pairDone);
      onDone();
    } catch (err) {
      const key = err instanceof SyncHttpError ? err.code : 'network';
      setError(t.syncProblems[key as keyof typeof t.syncProblems] ?? t.syncProblems.network);
    }
  }

  return (
    <form className="pair-panel" aria-label={t.pairTitle} onSubmit={submit} noValidate>
      <h2>{t.pairTitle}</h2>
      <Field label={t.pairCode} inputMode="numeric" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} error={error} />
      <Field label={t.tabletName} value={name} onChange={(e) => setName(e.target.value)} />
      <button type="submit" className="primary">
        {t.pairButton}
      </button>
    </form>
  );
}
