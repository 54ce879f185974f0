/**
 * A new mailing: segments (one preselected when opened from a segment's card), the text,
 * optional filters (balance above N, the programme's tiers), an optional personal promotion sent
 * with it (OfferField), the channel, the holdout and when to send. "Count recipients" shows the audience as the
 * server plans it (in the segments / consented and reachable / over the cap / held out) and
 * the text per channel; a refusal is shown beside the field the server named.
 */
import type { AudienceCountsView, MailingCreated, MailingPreview } from '../../../shared/api/mailings.ts';
import { type ChannelId, CHANNEL_IDS } from '../../../shared/mailings/channels.ts';
import { DEFAULT_HOLDOUT_PERCENT } from '../../../shared/mailings/holdout.ts';
import { segmentIds, segmentName } from '../../../shared/segments/rules.ts';
import { useState } from 'react';
import { api } from '../api.ts';
import { useProgram } from '../loyalty-queries.ts';
import { useSettingsQuery, useWrite } from '../queries.ts';
import { useOwnerUi } from '../store.ts';
import { fieldProblem, useOwnerT } from '../use-owner-t.ts';
import { useMailingSettings, useMailingT } from './mailing-queries.ts';
import { OfferField } from './OfferField.tsx';
import './mailings.css';

export function ComposeScreen({ segment }: { segment?: string | undefined }) {
  const t = useMailingT();
  const ot = useOwnerT();
  const { go, locale } = useOwnerUi();
  const settings = useSettingsQuery().data;
  const channels = useMailingSettings().data;
  const [segments, setSegments] = useState<string[]>(segment ? [segment] : []);
  const [text, setText] = useState('');
  const [channel, setChannel] = useState<ChannelId | ''>('');
  const [holdout, setHoldout] = useState(String(DEFAULT_HOLDOUT_PERCENT));
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState('');
  const [minBalance, setMinBalance] = useState('');
  const [tiers, setTiers] = useState<string[]>([]);
  const [promotionId, setPromotionId] = useState<string | undefined>();
  const programTiers = useProgram().data?.tiers ?? [];
  const draft = () => ({
    segments,
    text,
    holdoutPercent: Number(holdout.replace(',', '.')),
    // A number the server can judge: "abc" goes as null and comes back refused beside the field.
    ...(minBalance.trim() ? { minBalance: Number(minBalance.trim()) } : {}),
    ...(tiers.length ? { tiers } : {}),
    ...(promotionId ? { promotionId } : {}),
    ...(channel ? { channel } : {}),
    ...(later && sendAt ? { sendAt: new Date(sendAt).toISOString() } : {}),
  });
  const preview = useWrite(() => api<MailingPreview>('/api/mailings/preview', { method: 'POST', body: draft() }));
  const send = useWrite(() => api<MailingCreated>('/api/mailings', { method: 'POST', body: draft() }), [['mailings']]);
  const failure = send.error ?? preview.error;
  const problem = failure ? fieldProblem(ot, failure, { minBalance: t.compose.minBalanceInvalid, tiers: t.compose.tiersInvalid }) : null;
  const beside = (field: string) =>
    problem?.field === field ? (
      <p role="alert" className="field-error">
        {problem.text}
      </p>
    ) : null;
  if (send.data) {
    return (
      <section className="owner-screen">
        <p role="status">{t.compose.sent}</p>
        <Counts counts={send.data.counts} />
        <button type="button" className="primary" onClick={() => go({ name: 'mailing', id: send.data.id })}>
          {t.report.title}
        </button>
      </section>
    );
  }
  return (
    <section className="owner-screen compose" aria-labelledby="compose-title">
      <button type="button" className="link back" onClick={() => go({ name: 'mailings' })}>
        ← {t.back}
      </button>
      <h1 id="compose-title">{t.compose.title}</h1>
      <fieldset>
        <legend>{t.compose.segments}</legend>
        {settings &&
          segmentIds(settings.rules).map((id) => (
            <label key={id} className="check">
              <input
                type="checkbox"
                checked={segments.includes(id)}
                onChange={(e) => setSegments(e.target.checked ? [...segments, id] : segments.filter((s) => s !== id))}
              />{' '}
              {segmentName(settings.rules, id, locale)}
            </label>
          ))}
        {beside('segments')}
      </fieldset>
      <label>
        {t.compose.text}
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={5} maxLength={1000} />
      </label>
      <p className="muted">{t.compose.placeholders}</p>
      {beside('text')}
      {channels?.pointsAvailable && (
        <fieldset>
          <legend>{t.compose.filters}</legend>
          <label>
            {t.compose.minBalance}
            <input inputMode="numeric" value={minBalance} onChange={(e) => setMinBalance(e.target.value)} />
          </label>
          <p className="muted">{t.compose.minBalanceHint}</p>
          {beside('minBalance')}
          {programTiers.length > 0 && (
            <fieldset>
              <legend>{t.compose.tiers}</legend>
              {programTiers.map((tier) => (
                <label key={tier.id} className="check">
                  <input
                    type="checkbox"
                    checked={tiers.includes(tier.id)}
                    onChange={(e) => setTiers(e.target.checked ? [...tiers, tier.id] : tiers.filter((x) => x !== tier.id))}
                  />{' '}
                  {tier.name}
                </label>
              ))}
            </fieldset>
          )}
          {beside('tiers')}
        </fieldset>
      )}
      <OfferField value={promotionId} onChange={setPromotionId} />
      {beside('promotionId')}
      <label>
        {t.compose.channel}
        <select value={channel} onChange={(e) => setChannel(e.target.value as ChannelId | '')}>
          <option value="">{t.compose.channelAuto}</option>
          {CHANNEL_IDS.filter((c) => channels?.configured.includes(c)).map((c) => (
            <option key={c} value={c}>
              {t.channels[c]}
            </option>
          ))}
        </select>
      </label>
      {beside('channel')}
      <label>
        {t.compose.holdout}
        <input inputMode="decimal" value={holdout} onChange={(e) => setHoldout(e.target.value)} />
      </label>
      <p className="muted">{t.compose.holdoutHint}</p>
      {beside('holdoutPercent')}
      <fieldset>
        <legend>{t.compose.sendAt}</legend>
        <label className="check">
          <input type="radio" checked={!later} onChange={() => setLater(false)} /> {t.compose.now}
        </label>
        <label className="check">
          <input type="radio" checked={later} onChange={() => setLater(true)} /> {t.compose.later}
        </label>
        {later && <input type="datetime-local" value={sendAt} onChange={(e) => setSendAt(e.target.value)} />}
        {beside('sendAt')}
      </fieldset>
      {problem && !['segments', 'text', 'minBalance', 'tiers', 'promotionId', 'channel', 'holdoutPercent', 'sendAt'].includes(problem.field ?? '') && (
        <p role="alert">{problem.text}</p>
      )}
      <p className="actions">
        <button type="button" onClick={() => preview.mutate(undefined)} disabled={preview.isPending}>
          {t.compose.check}
        </button>{' '}
        <button type="button" className="primary" onClick={() => send.mutate(undefined)} disabled={send.isPending || !preview.data}>
          {t.compose.send}
        </button>
      </p>
      {preview.data && (
        <>
          <Counts counts={preview.data.counts} />
          <h2>{t.preview}</h2>
          {preview.data.previews.map((p) => (
            <figure key={p.channel} className="preview">
              <figcaption>
                {t.channels[p.channel]}
                {p.smsParts !== null && ` · ${t.smsParts(p.smsParts)}`}
              </figcaption>
              <blockquote>{p.text}</blockquote>
            </figure>
          ))}
        </>
      )}
    </section>
  );
}

function Counts({ counts }: { counts: AudienceCountsView }) {
  const t = useMailingT();
  const rows: [string, number][] = [
    [t.counts.inSegments, counts.inSegments],
    [t.counts.noConsent, counts.noConsent],
    [t.counts.unreachable, counts.unreachable],
    [t.counts.eligible, counts.eligible],
    [t.counts.heldOut, counts.heldOut],
    [t.counts.queued, counts.queued],
    [t.counts.overCapNow, counts.overCapNow],
  ];
  return (
    <dl className="audience-counts" data-testid="audience-counts">
      {rows.map(([label, n]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{n}</dd>
        </div>
      ))}
    </dl>
  );
}
