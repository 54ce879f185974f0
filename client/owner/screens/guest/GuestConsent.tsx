import type { GuestProfile } from '../../../../shared/api/guest-profile.ts';
import { api } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { useWrite } from '../../queries.ts';
import { useOwnerUi } from '../../store.ts';
import { failureText, useOwnerT } from '../../use-owner-t.ts';

/** Marketing consent as it stands, the owner's way to withdraw it, and every answer the guest gave, newest first. */
export function GuestConsent({ profile }: { profile: GuestProfile }) {
  const t = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const withdraw = useWrite(() => api(`/api/guests/${profile.id}/consent/withdraw`, { method: 'POST' }), [['guest', profile.id], ['guests']]);
  const erased = profile.erasedAt !== null;
  return (
    <section className="profile-section" aria-labelledby="consent-title">
      <h2 id="consent-title">{t.guest.consent}</h2>
      <p data-testid="consent-state">
        <strong className={profile.consent.granted ? 'yes' : undefined}>{profile.consent.granted ? t.guest.consentYes : t.guest.consentNo}</strong>
        {profile.consent.at && <span className="muted"> · {dateTime(profile.consent.at, locale, profile.timeZone)}</span>}
      </p>
      {profile.consent.granted && !erased && (
        <button type="button" onClick={() => confirm(t.guest.confirmWithdraw) && withdraw.mutate(undefined)} disabled={withdraw.isPending}>
          {t.guest.withdraw}
        </button>
      )}
      {withdraw.error && <p role="alert">{failureText(t, withdraw.error)}</p>}
      {!erased && (
        <>
          <h3>{t.guest.consentHistory}</h3>
          {profile.consentHistory.length === 0 ? (
            <p className="muted">{t.guest.consentNone}</p>
          ) : (
            <ul className="history-list">
              {profile.consentHistory.map((e, i) => (
                // The history never reorders: a position is a stable key.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <li key={i}>
                  <span className="muted">{dateTime(e.at, locale, profile.timeZone)}</span> {e.granted ? t.guest.consentGranted : t.guest.consentWithdrawn}{' '}
                  <span className="muted">({t.guest.consentSource(e.source, e.device)})</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
