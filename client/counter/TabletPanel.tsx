import { useState } from 'react';
import { useDb } from '../data/db-context.tsx';
import { OutboxNotEmptyError, unpairTablet } from '../data/sync/app-sync.ts';
import { useT } from '../i18n/use-t.ts';
import { useCounterUi } from './store.ts';

/** This tablet's pairing: disconnecting it from the café, refused (with the count) while writes wait to be sent. */
export function TabletPanel({ onDone }: { onDone: () => void }) {
  const t = useT();
  const db = useDb();
  const notify = useCounterUi((s) => s.notify);
  const [refused, setRefused] = useState<number | null>(null);

  async function unpair() {
    try {
      await unpairTablet(db);
      notify(t.unpaired);
      onDone();
    } catch (e) {
      if (!(e instanceof OutboxNotEmptyError)) throw e;
      setRefused(e.count);
    }
  }

  return (
    <section className="tablet-panel" aria-label={t.tablet}>
      <p>{t.unpairHint}</p>
      <button type="button" className="danger" onClick={() => void unpair()}>
        {t.unpair}
      </button>
      {refused !== null && <p role="alert">{t.unpairRefused(refused)}</p>}
    </section>
  );
}
