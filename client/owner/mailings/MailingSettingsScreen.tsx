/** Channels and limits: the order of channels, the cap, quiet hours, and the channels' secrets (write-only: never shown back). */
import { useState } from 'react';
import type { MailingSettingsPut, MailingSettingsView } from '../../../shared/api/mailings.ts';
import { api } from '../api.ts';
import { useWrite } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { fieldProblem, useOwnerT } from '../use-owner-t.ts';
import { useMailingSettings, useMailingT } from './mailing-queries.ts';

export function MailingSettingsScreen() {
  const t = useMailingT();
  const go = useOwnerUi((s) => s.go);
  const settings = useMailingSettings();
  return (
    <section className="owner-screen" aria-labelledby="mailing-settings-title">
      <button type="button" className="link back" onClick={() => go({ name: 'mailings' })}>
        ← {t.back}
      </button>
      <h1 id="mailing-settings-title">{t.settings}</h1>
      <QueryState query={settings}>{(s) => <SettingsForm initial={s} />}</QueryState>
    </section>
  );
}

function SettingsForm({ initial }: { initial: MailingSettingsView }) {
  const t = useMailingT().settingsScreen;
  const ot = useOwnerT();
  const [order, setOrder] = useState(initial.channelOrder.join(', '));
  const [cap, setCap] = useState(initial.cap);
  const [quiet, setQuiet] = useState(initial.quietHours);
  const [publicUrl, setPublicUrl] = useState(initial.publicUrl ?? '');
  const [smtpFrom, setSmtpFrom] = useState(initial.smtpFrom ?? '');
  const [apiUrl, setApiUrl] = useState(initial.telegramApiUrl ?? '');
  const [secrets, setSecrets] = useState({ smsWebhookUrl: '', telegramBotToken: '', smtpUrl: '' });
  const body = (): MailingSettingsPut => ({
    channelOrder: order
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean) as MailingSettingsPut['channelOrder'],
    cap,
    quietHours: quiet,
    publicUrl: publicUrl.trim() || null,
    smtpFrom: smtpFrom.trim() || null,
    telegramApiUrl: apiUrl.trim() || null,
    // Only what the owner typed: an empty box keeps the stored secret.
    secrets: Object.fromEntries(Object.entries(secrets).filter(([, v]) => v.trim() !== '')),
  });
  const save = useWrite(() => api<MailingSettingsView>('/api/mailings/settings', { method: 'PUT', body: body() }), [['mailing-settings'], ['telegram-link']]);
  const problem = save.error ? fieldProblem(ot, save.error) : null;
  const secret = (key: keyof typeof secrets, label: string) => (
    <label>
      {label}
      {initial.secretsSet[key] && <span className="muted"> ({t.secretSet})</span>}
      <input type="password" autoComplete="off" value={secrets[key]} onChange={(e) => setSecrets({ ...secrets, [key]: e.target.value })} />
    </label>
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(undefined);
      }}
    >
      <p className="muted">
        {t.configured}: {(save.data ?? initial).configured.join(', ')}
      </p>
      <label>
        {t.order}
        <input value={order} onChange={(e) => setOrder(e.target.value)} />
      </label>
      <label>
        {t.cap}
        <input inputMode="numeric" value={cap.maxMessages} onChange={(e) => setCap({ ...cap, maxMessages: Number(e.target.value) || 0 })} />
      </label>
      <label>
        {t.capDays}
        <input inputMode="numeric" value={cap.days} onChange={(e) => setCap({ ...cap, days: Number(e.target.value) || 0 })} />
      </label>
      <label>
        {t.quietFrom}
        <input type="time" value={quiet.from} onChange={(e) => setQuiet({ ...quiet, from: e.target.value })} />
      </label>
      <label>
        {t.quietTo}
        <input type="time" value={quiet.to} onChange={(e) => setQuiet({ ...quiet, to: e.target.value })} />
      </label>
      <label>
        {t.publicUrl}
        <input value={publicUrl} onChange={(e) => setPublicUrl(e.target.value)} />
      </label>
      <label>
        {t.smtpFrom}
        <input value={smtpFrom} onChange={(e) => setSmtpFrom(e.target.value)} />
      </label>
      <label>
        {t.telegramApiUrl}
        <input value={apiUrl} onChange={(e) => setApiUrl(e.target.value)} />
      </label>
      {secret('smsWebhookUrl', t.sms)}
      {secret('telegramBotToken', t.telegram)}
      {secret('smtpUrl', t.smtp)}
      {problem && (
        <p role="alert">
          {problem.field ? `${problem.field}: ` : ''}
          {problem.text}
        </p>
      )}
      {save.isSuccess && <p role="status">{t.saved}</p>}
      <button type="submit" className="primary" disabled={save.isPending}>
        {t.save}
      </button>
    </form>
  );
}
