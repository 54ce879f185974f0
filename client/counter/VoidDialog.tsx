import { useState, type FormEvent } from 'react';
import type { PurchaseRow } from '../data/db.ts';
import { useDb } from '../data/db-context.tsx';
import { voidPurchase } from '../data/purchases.ts';
import { errorText, useT } from '../i18n/use-t.ts';
import { Field } from '../ui/Field.tsx';
import { money } from './format.ts';
import { useCounterUi } from './store.ts';

/** Voiding asks for confirmation and a reason; the purchase stays, marked void. */
export function VoidDialog({ purchase, onClose }: { purchase: PurchaseRow; onClose: () => void }) {
  const t = useT();
  const db = useDb();
  const locale = useCounterUi((s) => s.locale);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await voidPurchase(db, purchase.id, reason, new Date());
      onClose();
    } catch (err) {
      setError(errorText(t, (err as { code?: string }).code));
    }
  }

  return (
    <div className="backdrop">
      <form role="dialog" aria-modal="true" aria-labelledby="void-title" className="dialog" onSubmit={submit} noValidate>
        <h3 id="void-title">{`${t.voidTitle} ${money(purchase.amount, locale)}`}</h3>
        <Field label={t.voidReason} value={reason} onChange={(e) => setReason(e.target.value)} error={error} autoFocus />
        <div className="actions">
          <button type="submit" className="danger">
            {t.voidConfirm}
          </button>
          <button type="button" onClick={onClose}>
            {t.cancel}
          </button>
        </div>
      </form>
    </div>
  );
}
