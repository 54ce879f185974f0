import { type FormEvent, useEffect, useState } from 'react';
import { formatPhone } from '../../shared/domain/phone-format.ts';
import { MIN_SEARCH_DIGITS, phoneQuery } from '../../shared/domain/phone-search.ts';
import { useDb } from '../data/db-context.tsx';
import { type GuestSearch, searchGuests } from '../data/guest-search.ts';
import { useT } from '../i18n/use-t.ts';
import { Field } from '../ui/Field.tsx';
import { useCounterUi } from './store.ts';

/**
 * The counter's home: type any digits of a phone, pick the guest, or register a new one.
 * "Новый гость" sits beside the field, so a long list never pushes it away; the list shows
 * the best 20 and says how many more there are. Enter opens the guest whose whole number
 * was typed, or the registration when no guest has it.
 */
export function SearchScreen({ prefill = '' }: { prefill?: string | undefined }) {
  const t = useT();
  const db = useDb();
  const go = useCounterUi((s) => s.go);
  const [typed, setTyped] = useState(prefill);
  const [found, setFound] = useState<{ typed: string; search: GuestSearch } | null>(null);

  useEffect(() => {
    let current = true;
    if (typed.replace(/\D/g, '').length < MIN_SEARCH_DIGITS) {
      setFound(null);
      return;
    }
    void searchGuests(db, typed).then((search) => current && setFound({ typed, search }));
    return () => {
      current = false;
    };
  }, [db, typed]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    // The answer for what is in the field now, not for a keystroke ago.
    const search = found?.typed === typed ? found.search : await searchGuests(db, typed);
    if (search.exact) go({ name: 'guest', guestId: search.exact.id });
    // Ten national digits are a whole mobile number (+7 9xx xxx-xx-xx): nobody has it yet.
    else if (search.total === 0 && phoneQuery(typed).prefix?.length === 10) go({ name: 'register', phone: typed });
  }

  const search = found?.search;
  const more = search ? search.total - search.guests.length : 0;
  return (
    <section className="screen search" aria-labelledby="search-title">
      <h1 id="search-title">{t.searchTitle}</h1>
      <form className="search-row" onSubmit={submit}>
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
        <div className="actions">
          <button type="button" className="primary" onClick={() => go({ name: 'register', phone: typed })}>
            {t.registerNew}
          </button>
          <button type="button" onClick={() => go({ name: 'shift' })}>
            {t.shift}
          </button>
        </div>
      </form>
      {search && (
        <ul className="results" aria-label={t.results}>
          {search.guests.map((g) => (
            <li key={g.id}>
              <button type="button" className="result" onClick={() => go({ name: 'guest', guestId: g.id })}>
                <span className="result-phone">{formatPhone(g.phone)}</span>
                <span className="result-name">{g.name ?? ''}</span>
              </button>
            </li>
          ))}
          {search.total === 0 && <li className="empty">{t.noResults}</li>}
        </ul>
      )}
      {more > 0 && (
        <p className="more" role="status">
          {t.moreResults(more)}
        </p>
      )}
    </section>
  );
}
