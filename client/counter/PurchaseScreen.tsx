import { useState } from 'react';
import type { GuestId } from '../../shared/domain/ids.ts';
import { type Kopecks, parseCounterAmount } from '../../shared/domain/money.ts';
import { parsePointsInput } from '../../shared/loyalty/points-input.ts';
import { KOPECKS_PER_POINT } from '../../shared/loyalty/program.ts';
import { maxRedeemable } from '../../shared/loyalty/redemption.ts';
import { discountFor } from '../../shared/promotions/benefit.ts';
import type { PromotionId } from '../../shared/promotions/promotion.ts';
import { formatPhone } from '../../shared/domain/phone-format.ts';
import type { PurchaseItem } from '../../shared/sync/mutations.ts';
import { useDb } from '../data/db-context.tsx';
import { useGuest, useGuestOffers, useGuestPoints, useSettings } from '../data/hooks.ts';
import { useOnline } from '../pwa/online.ts';
import { recordPurchase } from '../data/purchases.ts';
import { errorText, useT } from '../i18n/use-t.ts';
import { money } from './format.ts';
import { benefitText } from './OfferText.tsx';
import { type PointsChoice, PointsField, pointsText } from './PointsField.tsx';
import { useCounterUi } from './store.ts';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', ',', '0', '⌫'] as const;

/**
 * Amount on a keypad, optional items from the café's short menu, points to spend (the allowed
 * maximum in sight) and what is left to pay, one tap to record; the points earned are said
 * after it. The guest's name and number head the screen, so the barista sees whose purchase
 * it is; an item tapped by mistake comes off the check with its "−". Offline, the owner's cap
 * on points spent offline counts (shared/loyalty/redemption.ts). An offer tapped on the guest
 * card shows with its discount (or the gift to hand over) and can be taken off; to pay is
 * amount − discount − points, and the purchase re-checks the offer as it is recorded.
 */
export function PurchaseScreen({ guestId, promotionId }: { guestId: GuestId; promotionId?: PromotionId }) {
  const t = useT();
  const db = useDb();
  const settings = useSettings();
  const guest = useGuest(guestId)?.guest;
  const points = useGuestPoints(guestId);
  const online = useOnline();
  const offers = useGuestOffers(guestId);
  const [offerId, setOfferId] = useState(promotionId ?? null);
  const [offerError, setOfferError] = useState<string>();
  // At most one per purchase: the tapped one, while it still applies.
  const offer = offers?.find((o) => o.id === offerId) ?? null;
  const { go, notify, locale } = useCounterUi();
  const [amount, setAmount] = useState('');
  const [items, setItems] = useState<PurchaseItem[]>([]);
  const [error, setError] = useState<string>();
  const [choice, setChoice] = useState<PointsChoice>({ mode: 'none' });
  const [pointsError, setPointsError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const parsed = settings ? parseCounterAmount(amount, settings.purchaseCeiling) : null;
  const check = parsed?.ok ? parsed.value : null;
  const discount = check === null ? (0 as Kopecks) : discountFor(offer?.benefit ?? null, check);
  const max = points
    ? maxRedeemable({ amount: check ?? (0 as Kopecks), discount, balance: points.balance, offlineSpent: online ? null : points.unsyncedSpent }, points.program)
        .max
    : 0;
  const typed = parsePointsInput(pointsText(choice, max));
  const spent = typed.ok && Number.isInteger(typed.points) && typed.points >= 0 && typed.points <= max ? typed.points : 0;
  const toPay = check === null ? null : ((check - discount - spent * KOPECKS_PER_POINT) as Kopecks);

  function press(key: (typeof KEYS)[number]) {
    setError(undefined);
    setAmount((a) => {
      if (key === '⌫') return a.slice(0, -1);
      if (key === ',') return a.includes(',') ? a : `${a || '0'},`;
      if (/,\d\d$/.test(a) || a.replace(',', '').length >= 9) return a;
      return a === '0' ? key : a + key;
    });
  }

  function toggle(name: string) {
    setItems((list) => {
      const found = list.find((i) => i.name === name);
      return found ? list.map((i) => (i.name === name ? { ...i, qty: i.qty + 1 } : i)) : [...list, { name, qty: 1 }];
    });
  }

  function remove(name: string) {
    setItems((list) => list.flatMap((i) => (i.name !== name ? [i] : i.qty > 1 ? [{ ...i, qty: i.qty - 1 }] : [])));
  }

  function choose(next: PointsChoice) {
    setPointsError(undefined);
    setChoice(next);
  }

  async function confirm() {
    setBusy(true);
    setError(undefined);
    setPointsError(undefined);
    setOfferError(undefined);
    try {
      const purchase = await recordPurchase(
        db,
        { guestId, amount, items, points: pointsText(choice, max), online, promotionId: offer?.id ?? null },
        new Date(),
      );
      go({ name: 'guest', guestId });
      notify(t.purchaseDone, purchase.pointsAccrued || undefined);
    } catch (err) {
      const { code, field } = err as { code?: string; field?: string };
      if (field === 'points') setPointsError(errorText(t, code));
      else if (field === 'promotion') setOfferError(errorText(t, code));
      else setError(errorText(t, code));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="screen purchase" aria-labelledby="purchase-title">
      <div className="purchase-head">
        <h1 id="purchase-title">{guest ? t.purchaseFor(guest.name ?? formatPhone(guest.phone)) : t.newPurchase}</h1>
        {guest?.name && <p className="guest-phone">{formatPhone(guest.phone)}</p>}
      </div>
      <div className="purchase-body">
        <div className="keypad-side">
          <label htmlFor="amount">{t.amount}</label>
          <input
            id="amount"
            className="amount-display"
            inputMode="decimal"
            value={amount}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'amount-error' : undefined}
            onChange={(e) => {
              setError(undefined);
              setAmount(e.target.value);
            }}
          />
          {error && (
            <p id="amount-error" role="alert" className="field-error">
              {error}
            </p>
          )}
          <fieldset className="keypad" aria-label={t.keypad}>
            {KEYS.map((k) => (
              <button key={k} type="button" aria-label={k === '⌫' ? t.clear : k} onClick={() => press(k)}>
                {k}
              </button>
            ))}
          </fieldset>
          {offer && (
            <div className="applied-offer" data-testid="applied-offer">
              <p>
                <span>{t.offerApplied}: </span>
                <strong>{offer.name}</strong> <span>{benefitText(t, offer.benefit, locale)}</span>
              </p>
              {offer.benefit.kind === 'gift' && <p className="notice">{t.giveGift(offer.benefit.text)}</p>}
              {offer.needsMinCheck !== null && <p className="fact-note">{t.offerMinCheck(money(offer.needsMinCheck, locale))}</p>}
              {offerError && (
                <p role="alert" className="field-error">
                  {offerError}
                </p>
              )}
              <button
                type="button"
                onClick={() => {
                  setOfferId(null);
                  setOfferError(undefined);
                }}
              >
                {t.removeOffer}
              </button>
            </div>
          )}
          <PointsField max={max} choice={choice} error={pointsError} onChange={choose} />
          {discount > 0 && (
            <p className="discount">
              <span>{t.discount}</span>
              <output data-testid="discount" className="amount">
                −{money(discount, locale)}
              </output>
            </p>
          )}
          <p className="to-pay">
            <span>{t.toPay}</span>
            <output data-testid="to-pay" className="amount">
              {toPay === null ? '—' : money(toPay, locale)}
            </output>
          </p>
        </div>
        <div className="items-side">
          <h2>{t.items}</h2>
          <fieldset className="menu" aria-label={t.items}>
            {(settings?.menu ?? []).map((name) => {
              const qty = items.find((i) => i.name === name)?.qty ?? 0;
              return (
                <button key={name} type="button" aria-pressed={qty > 0} onClick={() => toggle(name)}>
                  {qty > 1 ? `${name} ×${qty}` : name}
                </button>
              );
            })}
          </fieldset>
          {items.length > 0 && (
            <section className="check-items" aria-labelledby="check-title">
              <h2 id="check-title">{t.inCheck}</h2>
              <ul>
                {items.map((i) => (
                  <li key={i.name}>
                    <span>{i.qty > 1 ? `${i.name} ×${i.qty}` : i.name}</span>
                    <button type="button" aria-label={t.removeItem(i.name)} onClick={() => remove(i.name)}>
                      −
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <div className="actions">
            <button type="button" className="primary big" disabled={busy} onClick={confirm}>
              {t.confirmPurchase}
            </button>
            <button type="button" onClick={() => go({ name: 'guest', guestId })}>
              {t.cancel}
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}
