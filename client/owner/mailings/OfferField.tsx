/**
 * The personal promotion a mailing or a scenario sends (shared/promotions/personal.ts): a choice
 * among the café's personal promotions that have not ended, or none. Only personal ones are
 * listed: a promotion for everyone needs no message to be offered.
 */
import { usePromotions } from '../promotions/promotion-queries.ts';
import { useMailingT } from './mailing-queries.ts';

export function OfferField({ value, onChange }: { value: string | undefined; onChange: (promotionId: string | undefined) => void }) {
  const t = useMailingT();
  const personal = (usePromotions().data?.promotions ?? []).filter((p) => p.personal && p.status !== 'ended');
  return (
    <>
      <label>
        {t.compose.offer}
        <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">{t.compose.offerNone}</option>
          {personal.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">{personal.length > 0 ? t.compose.offerHint : t.compose.offerEmpty}</p>
    </>
  );
}
