/** The owner's mailings: the list with what became of each, a new one, the automatic scenarios, channels and the Telegram poster. */
import { dateTime } from '../format.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { useMailings, useMailingT } from './mailing-queries.ts';
import { ScenariosPanel } from './ScenariosPanel.tsx';
import './mailings.css';

export function MailingsScreen() {
  const t = useMailingT();
  const { go, locale } = useOwnerUi();
  const mailings = useMailings();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section className="owner-screen" aria-labelledby="mailings-title">
      <h1 id="mailings-title">{t.title}</h1>
      <p className="actions">
        <button type="button" className="primary" onClick={() => go({ name: 'compose' })}>
          {t.newMailing}
        </button>{' '}
        <button type="button" className="link" onClick={() => go({ name: 'mailing-settings' })}>
          {t.settings}
        </button>{' '}
        <button type="button" className="link" onClick={() => go({ name: 'poster' })}>
          {t.poster}
        </button>
      </p>
      <QueryState query={mailings}>
        {({ mailings: list }) =>
          list.length === 0 ? (
            <p className="empty">{t.none}</p>
          ) : (
            <ul className="mailing-list">
              {list.map((m) => (
                <li key={m.id}>
                  <button type="button" className="link" onClick={() => go({ name: 'mailing', id: m.id })}>
                    {m.text.length > 60 ? `${m.text.slice(0, 60)}…` : m.text}
                  </button>
                  <span className="muted">
                    {dateTime(m.sendAt, locale, zone)} · {m.segments.join(', ')} · {t.status.sent} {m.status.sent} / {m.plan.queued}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <ScenariosPanel />
    </section>
  );
}
