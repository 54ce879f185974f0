import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../../ui/Field.tsx';
import { api } from '../api.ts';
import { sessionChanged } from '../queries.ts';
import { useOwnerUi } from '../store.ts';
import { fieldProblem, useOwnerT } from '../use-owner-t.ts';

/** The one-time link the server printed: /owner/setup#<token>. The token never reaches a URL the server sees. */
export function SetupScreen() {
  const t = useOwnerT();
  const client = useQueryClient();
  const go = useOwnerUi((s) => s.go);
  const [token] = useState(() => location.hash.slice(1));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string; repeat?: string; form?: string }>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password !== repeat) return setErrors({ repeat: t.setup.mismatch });
    try {
      const { csrfToken } = await api<{ csrfToken: string }>('/api/auth/setup', { method: 'POST', body: { token, email, password } });
      history.replaceState(null, '', '/owner');
      go({ name: 'segments' });
      await sessionChanged(client, csrfToken);
    } catch (err) {
      // The screen's own words per field, never the server's English text.
      const { field, text } = fieldProblem(t, err);
      setErrors(field === 'email' ? { email: text } : field === 'password' ? { password: text } : { form: text });
    }
  }

  if (!token)
    return (
      <p className="owner-card" role="alert">
        {t.setup.noToken}
      </p>
    );
  return (
    <form className="owner-card" onSubmit={submit} aria-labelledby="setup-title">
      <h1 id="setup-title">{t.setup.title}</h1>
      <p className="muted">{t.setup.intro}</p>
      <Field
        label={t.login.email}
        type="email"
        autoComplete="username"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email}
        required
      />
      <Field
        label={t.settings.newPassword}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        required
      />
      <Field
        label={t.setup.repeat}
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        error={errors.repeat}
        required
      />
      {errors.form && (
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" className="primary">
        {t.setup.submit}
      </button>
    </form>
  );
}
