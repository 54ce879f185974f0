/**
 * A printable poster for the counter: how to subscribe in Telegram, with the bot's deep
 * link (its start parameter names the café). The link is printed large; a QR code of it is
 * not drawn yet (that needs a QR encoder the project does not have).
 */
import { QueryState } from '../QueryState.tsx';
import { useAuthState } from '../queries.ts';
import { useOwnerUi } from '../store.ts';
import { useMailingT, useTelegramLink } from './mailing-queries.ts';
import './mailings.css';

export function PosterScreen() {
  const t = useMailingT();
  const go = useOwnerUi((s) => s.go);
  const link = useTelegramLink();
  const cafe = useAuthState().data?.session?.cafe.name ?? '';
  return (
    <section className="owner-screen poster">
      <p className="no-print">
        <button type="button" className="link back" onClick={() => go({ name: 'mailings' })}>
          ← {t.back}
        </button>{' '}
        <button type="button" onClick={() => window.print()}>
          {t.posterScreen.print}
        </button>
      </p>
      <QueryState query={link}>
        {(l) =>
          l.url ? (
            <article className="poster-sheet">
              <h1>{t.posterScreen.heading(cafe)}</h1>
              <p className="poster-link">
                <a href={l.url}>{l.url.replace(/^https:\/\//, '')}</a>
              </p>
              <p>{t.posterScreen.steps}</p>
            </article>
          ) : (
            <p role="alert">{t.posterScreen.notConfigured}</p>
          )
        }
      </QueryState>
    </section>
  );
}
