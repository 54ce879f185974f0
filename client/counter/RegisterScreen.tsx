import { useState, type FormEvent } from 'react';
import { useDb } from '../data/db-context.tsx';
import { FormError } from '../data/errors.ts';
import { registerGuest } from '../data/guests.ts';
import { errorText, useT } from '../i18n/use-t.ts';
import { Field } from '../ui/Field.tsx';
import { useCounterUi } from './store.ts';

/**
 * One screen: phone, optional name and birthday, consent unchecked until the guest says yes.
 * A number that is already a guest's opens that guest's card.
 */
export function RegisterScreen({ phone: initialPhone }: { phone: string }) {
  const t = useT();
  const db = useDb();
  const { go, notify } = useCounterUi();
  const [form, setForm] = useState({ phone: initialPhone, name: '', birthday: '', consent: false });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const guest = await registerGuest(db, form, new Date());
      go({ name: 'guest', guestId: guest.id });
    } catch (err) {
      // The number is a guest's already: open their card rather than leave an error to read.
      if (err instanceof FormError && err.fields.phone === 'phone-taken' && err.existing) {
        go({ name: 'guest', guestId: err.existing });
        notify(t.guestExists);
        return;
      }
      const fields = err instanceof FormError ? err.fields : { form: (err as { code?: string }).code ?? 'unknown' };
      setErrors(Object.fromEntries(Object.entries(fields).map(([k, code]) => [k, errorText(t, code)])));
    } finally {
      setBusy(false);
    }
  }

  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [key]: e.target.type === 'checkbox' ? e.target.checked : e.target.value }));

  return (
    <form className="screen register" onSubmit={submit} noValidate aria-labelledby="register-title">
      <h1 id="register-title">{t.registerNew}</h1>
      <Field label={t.phone} type="tel" inputMode="tel" required value={form.phone} onChange={set('phone')} error={errors.phone} />
      <Field label={t.name} value={form.name} onChange={set('name')} error={errors.name} autoComplete="off" />
      <Field label={t.birthday} type="date" value={form.birthday} onChange={set('birthday')} error={errors.birthday} />
      <div className="check">
        <input id="consent" type="checkbox" checked={form.consent} onChange={set('consent')} />
        <label htmlFor="consent">{t.consent}</label>
      </div>
      {errors.form && (
        <p role="alert" className="field-error">
          {errors.form}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t.register}
        </button>
        <button type="button" onClick={() => go({ name: 'search', prefill: form.phone })}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
