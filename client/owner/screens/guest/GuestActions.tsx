/**
 * What the owner can do on a guest's profile: edit the name and birthday, download everything
 * the café holds about the guest (a JSON file; the guest is named by id, so no phone stands in
 * the URL), and delete the guest at their request (152-FZ: personal data erased, purchases kept
 * anonymously in the totals). A deleted guest has no actions.
 */
import { useState, type FormEvent } from 'react';
import type { GuestEdit, GuestProfile } from '../../../../shared/api/guest-profile.ts';
import { localDateOf, type TimeZone } from '../../../../shared/domain/calendar.ts';
import { parseBirthday, parseName } from '../../../../shared/domain/guest-profile.ts';
import { Field } from '../../../ui/Field.tsx';
import { api } from '../../api.ts';
import { useWrite } from '../../queries.ts';
import { failureText, fieldProblem, useOwnerT } from '../../use-owner-t.ts';

export function GuestActions({ profile }: { profile: GuestProfile }) {
  const t = useOwnerT();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const refresh = [['guest', profile.id], ['guests'], ['report']];
  const erase = useWrite(() => api(`/api/guests/${profile.id}`, { method: 'DELETE' }), refresh);
  if (profile.erasedAt !== null) return null;
  return (
    <section className="profile-section" aria-labelledby="actions-title">
      <h2 id="actions-title">{t.guest.actions}</h2>
      {editing ? (
        <EditForm
          profile={profile}
          onDone={(done) => {
            setEditing(false);
            setSaved(done);
          }}
        />
      ) : (
        <div className="action-row">
          <button
            type="button"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            {t.guest.edit}
          </button>
          {saved && (
            <span className="notice inline" role="status">
              {t.guest.saved}
            </span>
          )}
        </div>
      )}
      <div className="action-row">
        <a className="button" href={`/api/guests/${encodeURIComponent(profile.id)}/export.json`} download>
          {t.guest.export}
        </a>
      </div>
      <p className="muted small">{t.guest.exportHint}</p>
      <div className="action-row">
        <button type="button" className="danger" disabled={erase.isPending} onClick={() => confirm(t.guest.confirmErase) && erase.mutate(undefined)}>
          {t.guest.erase}
        </button>
      </div>
      {erase.error && <p role="alert">{failureText(t, erase.error)}</p>}
    </section>
  );
}

function EditForm({ profile, onDone }: { profile: GuestProfile; onDone: (saved: boolean) => void }) {
  const t = useOwnerT();
  const [name, setName] = useState(profile.name ?? '');
  const [birthday, setBirthday] = useState(profile.birthday ?? '');
  const [errors, setErrors] = useState<{ name?: string; birthday?: string; form?: string }>({});
  const save = useWrite((body: GuestEdit) => api(`/api/guests/${profile.id}`, { method: 'PATCH', body }), [['guest', profile.id], ['guests']]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    // Checked here as the server checks, so the owner sees the words beside the field at once.
    const today = localDateOf(new Date(), profile.timeZone as TimeZone);
    const n = parseName(name);
    const b = parseBirthday(birthday, today);
    if (!n.ok || !b.ok) return setErrors({ ...(n.ok ? {} : { name: t.fields.guestName }), ...(b.ok ? {} : { birthday: t.fields.birthday }) });
    try {
      await save.mutateAsync({ name: n.value, birthday: b.value });
      onDone(true);
    } catch (err) {
      const problem = fieldProblem(t, err, { name: t.fields.guestName });
      setErrors(problem.field === 'name' || problem.field === 'birthday' ? { [problem.field]: problem.text } : { form: problem.text });
    }
  }

  return (
    <form className="settings-form" onSubmit={submit} aria-label={t.guest.edit}>
      <Field label={t.guest.name} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} error={errors.name} autoComplete="off" />
      <Field label={t.guest.birthday} type="date" value={birthday} onChange={(e) => setBirthday(e.target.value)} error={errors.birthday} />
      {errors.form && (
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="action-row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t.guest.save}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t.guest.cancel}
        </button>
      </div>
    </form>
  );
}
