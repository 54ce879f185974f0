import type { GuestId } from '../../shared/domain/ids.ts';
import { formatPhone } from '../../shared/domain/phone-format.ts';
import { useGuest, useGuestOffers, useGuestPoints, useSettings } from '../data/hooks.ts';
import { useT } from '../i18n/use-t.ts';
import { money, when } from './format.ts';
import { GuestHistory } from './GuestHistory.tsx';
import { benefitText } from './OfferText.tsx';
import { RewardsPanel } from './RewardsPanel.tsx';
import { useCounterUi } from './store.ts';

/**
 * The guest in front of the counter: who they are, how often they come, their bonus points
 * (the tablet's view: the server's balance at the last pull plus this tablet's own entries),
 * their tier and the nearest reward when the programme has them, the offers that apply to
 * them now (a tap starts a purchase with one; never the segment they were aimed at), what
 * they bought.
 */
export function GuestCard({ guestId }: { guestId: GuestId }) {
  const t = useT();
  const { go, locale, notice, earned } = useCounterUi();
  const data = useGuest(guestId);
  const points = useGuestPoints(guestId);
  const offers = useGuestOffers(guestId);
  const settings = useSettings();
  if (data === undefined || !settings) return null;
  if (data === null)
    return (
      <section className="screen">
        <h1>{t.errors['guest-not-found']}</h1>
        <div className="actions">
          <button type="button" onClick={() => go({ name: 'search' })}>
            {t.back}
          </button>
        </div>
      </section>
    );
  const { guest, stats } = data;
  const zone = settings.timeZone;

  return (
    <section className="screen guest" aria-labelledby="guest-title">
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {notice && earned && (
        <p role="status" className="notice earned" data-testid="points-earned">
          {t.pointsEarned(earned)}
        </p>
      )}
      <div className="guest-head">
        <h1 id="guest-title">{guest.name ?? formatPhone(guest.phone)}</h1>
        {guest.name && <p className="guest-phone">{formatPhone(guest.phone)}</p>}
      </div>
      <dl className="facts">
        <div>
          <dt>{t.visits}</dt>
          <dd>{stats?.purchaseCount ?? 0}</dd>
        </div>
        <div>
          <dt>{t.lastVisit}</dt>
          <dd>{stats?.lastPurchaseAt ? when(stats.lastPurchaseAt, locale, zone) : t.never}</dd>
        </div>
        <div>
          <dt>{t.bonus}</dt>
          <dd data-testid="balance">{points ? t.points(points.balance) : '…'}</dd>
          {points && points.balance < 0 && <p className="fact-note">{t.overdrawn}</p>}
          {points?.nearest && <p className="fact-note">{t.nearestReward(points.nearest.missing, points.nearest.reward.name)}</p>}
          {points && !points.nearest && points.program.rewards.length > 0 && <p className="fact-note">{t.allRewardsReached}</p>}
        </div>
        {points && points.program.tiers.length > 0 && (
          <div>
            <dt>{t.tier}</dt>
            <dd>{points.tier?.name ?? '—'}</dd>
          </div>
        )}
        <div>
          <dt>{t.offers}</dt>
          {offers && offers.length > 0 ? (
            <dd>
              <ul className="offers" data-testid="offers">
                {offers.map((o) => (
                  <li key={o.id}>
                    <button type="button" aria-label={t.applyOffer(o.name)} onClick={() => go({ name: 'purchase', guestId, promotionId: o.id })}>
                      <strong>{o.name}</strong> <span>{benefitText(t, o.benefit, locale)}</span>
                      {o.needsMinCheck !== null && <span className="fact-note"> {t.offerMinCheck(money(o.needsMinCheck, locale))}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            </dd>
          ) : (
            <dd className="muted">{t.noOffers}</dd>
          )}
        </div>
      </dl>
      <div className="actions">
        <button type="button" className="primary big" onClick={() => go({ name: 'purchase', guestId })}>
          {t.newPurchase}
        </button>
        <button type="button" onClick={() => go({ name: 'edit', guestId })}>
          {t.edit}
        </button>
        <button type="button" onClick={() => go({ name: 'search' })}>
          {t.back}
        </button>
      </div>
      {points && points.program.rewards.length > 0 && <RewardsPanel guestId={guestId} balance={points.balance} rewards={points.program.rewards} />}
      <GuestHistory guestId={guestId} visits={stats?.purchaseCount ?? 0} timeZone={zone} voidWindowDays={settings.voidWindowDays} />
    </section>
  );
}
