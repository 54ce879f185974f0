/**
 * A guest's marketing consent and its history (when, where, by whom), with the owner's own
 * change. For the owner's guest profile screen: `<ConsentHistory guestId={id} />`.
 */
import type { ConsentView } from '../../../shared/api/mailings.ts';
import { api } from '../api.ts';
import { dateTime } from '../format.ts';
import { useWrite } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { failureText, useOwnerT } from '../use-owner-t.ts';
import { useConsent, useMailingT } from './mailing-queries.ts';

export function ConsentHistory({ guestId }: { guestId: string }) {
  const t = useMailingT();
  const ot = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const consent = useConsent(guestId);
  const change = useWrite(
    (granted: boolean) => api<ConsentView>(`/api/guests/${encodeURIComponent(guestId)}/consent`, { method: 'POST', body: { granted } }),
    [['consent', guestId]],
  );
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section className="consent-history" aria-label={t.consent.title}>
      <h2>{t.consent.title}</h2>
      <QueryState query={consent}>
        {(c) => (
          <>
            <p>
              <strong>{c.granted ? t.consent.granted : c.history.length ? t.consent.withdrawn : t.consent.none}</strong>{' '}
              <button type="button" onClick={() => change.mutate(!c.granted)} disabled={change.isPending}>
                {c.granted ? t.consent.withdraw : t.consent.grant}
              </button>
            </p>
            {change.error && <p role="alert">{failureText(ot, change.error)}</p>}
            <ol className="consent-timeline">
              {c.history.map((h) => (
                <li key={`${h.at}-${h.source}-${h.granted}`}>
                  {dateTime(h.at, locale, zone)} · {h.granted ? t.consent.granted : t.consent.withdrawn} · {t.consent.sources[h.source]}
                  {h.by.name ? ` (${h.by.name})` : ''}
                </li>
              ))}
            </ol>
          </>
        )}
      </QueryState>
    </section>
  );
}
