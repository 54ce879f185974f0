import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../../ui/Field.tsx';
import { api } from '../api.ts';
import { sessionChanged } from '../queries.ts';
import { failureText, useOwnerT } from '../use-owner-t.ts';

export function LoginScreen() {
  const t = useOwnerT();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const { csrfToken } = await api<{ csrfToken: string }>('/api/auth/login', { method: 'POST', body: { email, password } });
      await sessionChanged(client, csrfToken);
    } catch (err) {
      setError(failureText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="owner-card" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{t.login.title}</h1>
      <Field label={t.login.email} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      <Field
        label={t.login.password}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={error}
        required
      />
      <button type="submit" className="primary" disabled={busy}>
        {t.login.submit}
      </button>
      {/* The way back from a forgotten password: a one-time link only the server's command line can make. */}
      <details className="help">
        <summary>{t.login.forgot}</summary>
        <p>{t.login.forgotHow}</p>
        <code className="command">{t.login.forgotCommand}</code>
      </details>
    </form>
  );
}
