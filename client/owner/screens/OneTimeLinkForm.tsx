import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../../ui/Field.tsx';
import { api } from '../api.ts';
import { sessionChanged } from '../queries.ts';
import { useOwnerUi } from '../store.ts';
import { fieldProblem, useOwnerT } from '../use-owner-t.ts';

interface Words {
  title: string;
  intro: string;
  submit: string;
  noToken: string;
}

type Errors = { email?: string; password?: string; repeat?: string; form?: string };

/**
 * A one-time link the server or the CLI printed (/owner/setup#<token>, /owner/reset#<token>):
 * the token stands after '#', so it never reaches the server in a URL. A new password twice
 * (and the e-mail when the owner is being created), then the owner is logged in.
 */
export function OneTimeLinkForm({ path, words, askEmail }: { path: string; words: Words; askEmail: boolean }) {
  const t = useOwnerT();
  const client = useQueryClient();
  const go = useOwnerUi((s) => s.go);
  const [token] = useState(() => location.hash.slice(1));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password !== repeat) return setErrors({ repeat: t.setup.mismatch });
    try {
      const body = askEmail ? { token, email, password } : { token, password };
      const { csrfToken } = await api<{ csrfToken: string }>(path, { method: 'POST', body });
      history.replaceState(null, '', '/owner');
      go({ name: 'segments' });
      await sessionChanged(client, csrfToken);
    } catch (err) {
      // The screen's own words per field, never the server's English text.
      const { field, text } = fieldProblem(t, err);
      setErrors(field === 'password' || (askEmail && field === 'email') ? { [field]: text } : { form: text });
    }
  }

  if (!token)
    return (
      <p className="owner-card" role="alert">
        {words.noToken}
      </p>
    );
  return (
    <form className="owner-card" onSubmit={submit} aria-labelledby="one-time-title">
      <h1 id="one-time-title">{words.title}</h1>
      <p className="muted">{words.intro}</p>
      {askEmail && (
        <Field
          label={t.login.email}
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
          required
        />
      )}
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
        {words.submit}
      </button>
    </form>
  );
}
