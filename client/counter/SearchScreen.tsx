import { useEffect, useState } from 'react';
import { formatPhone } from '../../shared/domain/phone.ts';
import { useDb } from '../data/db-context.tsx';
import type { GuestRow } from '../data/db.ts';
import { searchGuests } from '../data/guests.ts';
import { useT } from '../i18n/use-t.ts';
import { Field } from '../ui/Field.tsx';
import { useCounterUi } from './store.ts';

/** The counter's home: type a phone, pick the guest, or register a new one. */
export function SearchScreen({ prefill = '' }: { prefill?: string | undefined }) {
  const t = useT();
  const db = useDb();
  const go = useCounterUi((s) => s.go);
  const [typed, setTyped] = useState(prefill);
  const [found, setFound] = useState<GuestRow[] | null>(null);

  useEffect(() => {
    let current = true;
    if (typed.replace(/\D/g, '').length < 3) {
      setFound(null);
      return;
    }
    void searchGuests(db, typed).then((g) => current && setFound(g));
    return () => {
      current = false;
    };
  }, [db, typed]);

  return (
    <section className="screen search">
      <Field
        label={t.searchLabel}
        hint={t.searchHint}
        type="tel"
        inputMode="tel"
        autoComplete="off"
        autoFocus
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
      />
      {found && (
        <ul className="results" aria-label={t.searchLabel}>
          {found.map((g) => (
            <li key={g.id}>
              <button type="button" className="result" onClick={() => go({ name: 'guest', guestId: g.id })}>
                <span className="result-phone">{formatPhone(g.phone)}</span>
                <span className="result-name">{g.name ?? ''}</span>
              </button>
            </li>
          ))}
          {found.length === 0 && <li className="empty">{t.noResults}</li>}
        </ul>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={() => go({ name: 'register', phone: typed })}>
          {t.registerNew}
        </button>
        <button type="button" onClick={() => go({ name: 'shift' })}>
          {t.shift}
        </button>
      </div>
    </section>
  );
}
