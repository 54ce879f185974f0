import { type FormEvent, useRef, useState } from 'react';
import type { PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { useDb } from '../data/db-context.tsx';
import { voidPurchase } from '../data/purchases.ts';
import { errorText, useT } from '../i18n/use-t.ts';
import { Dialog, screenTitle } from '../ui/Dialog.tsx';
import { Field } from '../ui/Field.tsx';
import { money } from './format.ts';
import { useCounterUi } from './store.ts';

/**
 * Voiding ("Аннулировать", never "Отменить", which reads like the dialog's own Cancel) asks
 * for confirmation and a reason; the purchase stays, marked void, and the card confirms it.
 */
export function VoidDialog({ purchase, onClose }: { purchase: { id: PurchaseId; amount: Kopecks }; onClose: () => void }) {
  const t = useT();
  const db = useDb();
  const { locale, notify } = useCounterUi();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  // Once voided, the row's void button goes away: focus moves to the card's title instead.
  const done = useRef(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await voidPurchase(db, purchase.id, reason, new Date());
      done.current = true;
      onClose();
      notify(t.voidDone);
    } catch (err) {
      setError(errorText(t, (err as { code?: string }).code));
    }
  }

  return (
    <Dialog labelledBy="void-title" describedBy="void-explain" onClose={onClose} focusAfter={() => (done.current ? screenTitle() : null)}>
      <form className="dialog-form" onSubmit={submit} noValidate>
        <h2 id="void-title">{t.voidTitle(money(purchase.amount, locale))}</h2>
        <p id="void-explain" className="muted">
          {t.voidExplain}
        </p>
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
    </Dialog>
  );
}
