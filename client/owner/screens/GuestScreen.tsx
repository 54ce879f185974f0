/**
 * A guest's profile, opened from a segment's list or a movement: who they are and when and
 * where they were registered, today's segment, visits and spend over the last year by month,
 * their purchases from the server (items, voids), the bonus place (GuestBonus), consent and its
 * history, segment history, and the owner's actions (edit, export, delete on request).
 */
import { ApiFailure } from '../api.ts';
import { Chart, segmentColor } from '../Chart.tsx';
import { count, dateTime, wholeRubles } from '../format.ts';
import { useGuestProfile } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { failureText, useOwnerT } from '../use-owner-t.ts';
import { formatPhone, type E164Phone } from '../../../shared/domain/phone.ts';
import type { GuestProfile } from '../../../shared/api/guest-profile.ts';
import { intlLocale } from '../../i18n/intl.ts';
import { GuestActions } from './guest/GuestActions.tsx';
import { GuestBonus } from './guest/GuestBonus.tsx';
import { GuestConsent } from './guest/GuestConsent.tsx';
import { GuestPurchases } from './guest/GuestPurchases.tsx';
import { GuestSegments } from './guest/GuestSegments.tsx';

export function GuestScreen({ id }: { id: string }) {
  const t = useOwnerT();
  const back = useOwnerUi((s) => s.back);
  const profile = useGuestProfile(id);
  return (
    <section className="owner-screen guest-profile" aria-labelledby="guest-title">
      <div className="screen-head">
        <button type="button" className="link back" onClick={() => back({ name: 'segments' })}>
          ← {t.guest.back}
        </button>
      </div>
      {profile.error instanceof ApiFailure && profile.error.code === 'not-found' ? (
        <>
          <h1 id="guest-title">{t.guest.noName}</h1>
          <p role="alert">{failureText(t, profile.error)}</p>
        </>
      ) : (
        <QueryState query={profile}>{(p) => <Profile profile={p} />}</QueryState>
      )}
    </section>
  );
}

function Profile({ profile: p }: { profile: GuestProfile }) {
  const t = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const erased = p.erasedAt !== null;
  const index = p.segments.findIndex((s) => s.id === p.segment.id);
  const month = new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', timeZone: 'UTC' });
  const months = p.months.map((m) => month.format(new Date(`${m.month}-15T12:00:00Z`)));
  return (
    <>
      <h1 id="guest-title">{erased ? t.guest.erased : (p.name ?? t.guest.noName)}</h1>
      {erased ? (
        <p className="notice">{t.guest.erasedNote(dateTime(p.erasedAt!, locale, p.timeZone, false))}</p>
      ) : (
        <p className="guest-phone-full">
          <a href={`tel:${p.phone}`}>{formatPhone(p.phone as E164Phone)}</a>
        </p>
      )}
      <p className="segment-chip" data-testid="guest-segment">
        <span className="swatch" style={{ background: segmentColor(Math.max(0, index)) }} />
        <span>
          {t.guest.segment}: <strong>{p.segment.name[locale]}</strong>
        </span>
      </p>
      <dl className="facts">
        <div>
          <dt>{t.guest.visits}</dt>
          <dd className="big" data-testid="guest-visits">
            {count(p.stats.visits, locale)}
          </dd>
        </div>
        <div>
          <dt>{t.guest.spend}</dt>
          <dd className="big">{wholeRubles(p.stats.spend, locale)}</dd>
        </div>
        <div>
          <dt>{t.guest.averageCheck}</dt>
          <dd className="big">{p.stats.averageCheck === null ? '—' : wholeRubles(p.stats.averageCheck, locale)}</dd>
        </div>
        <div>
          <dt>{t.guest.lastVisit}</dt>
          <dd>{p.stats.lastVisitAt ? dateTime(p.stats.lastVisitAt, locale, p.timeZone, false) : t.guest.never}</dd>
        </div>
        <div className="wide">
          <dt>{t.guest.registered}</dt>
          <dd>
            {dateTime(p.registeredAt, locale, p.timeZone, false)},{' '}
            {p.registeredBy ? t.guest.by(p.registeredBy) : (t.guest.via[p.registeredVia] ?? p.registeredVia)}
          </dd>
        </div>
        {!erased && p.birthday && (
          <div>
            <dt>{t.guest.birthday}</dt>
            <dd>{dateTime(`${p.birthday}T12:00:00Z`, locale, 'UTC', false)}</dd>
          </div>
        )}
      </dl>
      <GuestBonus guestId={p.id} />
      <section className="profile-section" aria-labelledby="months-title">
        <h2 id="months-title">{t.guest.months}</h2>
        <Chart
          title={t.guest.monthsVisits}
          kind="bars"
          locale={locale}
          height={150}
          x={months}
          series={[{ label: t.guest.monthsVisits, values: p.months.map((m) => m.visits), color: segmentColor(1) }]}
        />
        <p className="muted small chart-caption">{t.guest.monthsVisits}</p>
        <Chart
          title={t.guest.monthsSpend}
          kind="bars"
          locale={locale}
          unit="rubles"
          height={150}
          x={months}
          series={[{ label: t.guest.monthsSpend, values: p.months.map((m) => m.spend), color: segmentColor(0) }]}
        />
        <p className="muted small chart-caption">{t.guest.monthsSpend}</p>
      </section>
      <GuestPurchases profile={p} />
      <GuestConsent profile={p} />
      <GuestSegments profile={p} />
      <GuestActions profile={p} />
    </>
  );
}
