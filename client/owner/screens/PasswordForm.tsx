import { useState, type FormEvent } from 'react';
import { Field } from '../../ui/Field.tsx';
import { api } from '../api.ts';
import { fieldProblem, useOwnerT } from '../use-owner-t.ts';

export function PasswordForm() {
  const t = useOwnerT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<ReturnType<typeof fieldProblem> | null>(null);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    try {
      await api('/api/auth/password', { method: 'POST', body: { current, next } });
      setCurrent('');
      setNext('');
      setError(null);
      setDone(true);
    } catch (err) {
      setError(fieldProblem(t, err, { next: t.fields.next, current: t.fields.current }));
    }
  }

  return (
    <form className="settings-form" onSubmit={submit} aria-label={t.settings.password}>
      <h2>{t.settings.password}</h2>
      <Field
        label={t.settings.currentPassword}
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={error?.field === 'current' ? error.text : undefined}
      />
      <Field
        label={t.settings.newPassword}
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={error && error.field !== 'current' ? error.text : undefined}
      />
      <div className="save-row">
        <button type="submit">{t.settings.changePassword}</button>
        {done && (
          <p className="notice inline" role="status">
            {t.settings.passwordChanged}
          </p>
        )}
      </div>
    </form>
  );
}
