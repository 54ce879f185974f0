import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../../ui/Field.tsx';
import { api } from '../api.ts';
import { sessionChanged } from '../queries.ts';
import { useOwnerUi } from '../store.ts';
import { fieldProblem, useOwnerT } from '../use-owner-t.ts';

/**
 * A forgotten password: the one-time link `npm run cli -- owner reset-password` printed,
 * /owner/reset#<token>. The token stands after '#', so it never reaches the server in a URL.
 */
export function ResetScreen() {
  const t = useOwnerT();
  const client = useQueryClient();
  const go = useOwnerUi((s) => s.go);
  const [token] = useState(() => location.hash.slice(1));
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string; repeat?: string; form?: string }>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password !== repeat) return setErrors({ repeat: t.setup.mismatch });
    try {
      const { csrfToken } = await api<{ csrfToken: string }>('/api/auth/reset', { method: 'POST', body: { token, password } });
      history.replaceState(null, '', '/owner');
      go({ name: 'segments' });
      await sessionChanged(client, csrfToken);
    } catch (err) {
      const problem = fieldProblem(t, err);
      setErrors(problem.field === 'password' ? { password: problem.text } : { form: problem.text });
    }
  }

  if (!token)
    return (
      <p className="owner-card" role="alert">
        {t.reset.noToken}
      </p>
    );
  return (
    <form className="owner-card" onSubmit={submit} aria-labelledby="reset-title">
      <h1 id="reset-title">{t.reset.title}</h1>
      <p className="muted">{t.reset.intro}</p>
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
        {t.reset.submit}
      </button>
    </form>
  );
}
