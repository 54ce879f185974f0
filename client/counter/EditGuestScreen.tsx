import { useState, type FormEvent } from 'react';
import type { GuestId } from '../../shared/domain/ids.ts';
import { formatPhone } from '../../shared/domain/phone-format.ts';
import type { GuestRow } from '../data/db.ts';
import { useDb } from '../data/db-context.tsx';
import { FormError } from '../data/errors.ts';
import { updateGuest } from '../data/guests.ts';
import { useGuest } from '../data/hooks.ts';
import { errorText, useT } from '../i18n/use-t.ts';
import { Field } from '../ui/Field.tsx';
import { useCounterUi } from './store.ts';

export function EditGuestScreen({ guestId }: { guestId: GuestId }) {
  const data = useGuest(guestId);
  if (!data) return null;
  return <EditForm guest={data.guest} />;
}

/** Name, birthday and consent; a guest who asks to stop messages is unsubscribed here and now. */
function EditForm({ guest }: { guest: GuestRow }) {
  const t = useT();
  const db = useDb();
  const { go, notify } = useCounterUi();
  const [form, setForm] = useState({ name: guest.name ?? '', birthday: guest.birthday ?? '', consent: guest.consent.granted });
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await updateGuest(db, guest.id, form, new Date());
      go({ name: 'guest', guestId: guest.id });
      notify(t.saved);
    } catch (err) {
      const fields = err instanceof FormError ? err.fields : { form: (err as { code?: string }).code ?? 'unknown' };
      setErrors(Object.fromEntries(Object.entries(fields).map(([k, code]) => [k, errorText(t, code)])));
    }
  }

  return (
    <form className="screen edit" onSubmit={submit} noValidate aria-labelledby="edit-title">
      <h1 id="edit-title">{`${t.edit}: ${guest.name ?? formatPhone(guest.phone)}`}</h1>
      {guest.name && <p className="guest-phone">{formatPhone(guest.phone)}</p>}
      <Field label={t.name} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={errors.name} autoComplete="off" />
      <Field label={t.birthday} type="date" value={form.birthday} onChange={(e) => setForm({ ...form, birthday: e.target.value })} error={errors.birthday} />
      <div className="check">
        <input id="edit-consent" type="checkbox" checked={form.consent} onChange={(e) => setForm({ ...form, consent: e.target.checked })} />
        <label htmlFor="edit-consent">{t.consent}</label>
      </div>
      {errors.form && (
        <p role="alert" className="field-error">
          {errors.form}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary">
          {t.save}
        </button>
        <button type="button" onClick={() => go({ name: 'guest', guestId: guest.id })}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
