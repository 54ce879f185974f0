/**
 * The owner's promotions: each with its status, pause / resume / end, and what it brought (its
 * report); a new one from here, or from a segment's card with that segment already chosen.
 * Tablets receive every change at their next sync.
 */
import { useState } from 'react';
import type { Kopecks } from '../../../shared/domain/money.ts';
import { formatRubles } from '../../../shared/domain/money.ts';
import type { PromotionStatus } from '../../../shared/promotions/promotion.ts';
import { api } from '../api.ts';
import { useSettingsQuery, useWrite } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { failureText, useOwnerT } from '../use-owner-t.ts';
import { PromotionForm } from './PromotionForm.tsx';
import { type PromotionView, usePromotionReport, usePromotions, usePromotionT } from './promotion-queries.ts';
import './promotions.css';

export function PromotionsScreen({ segment }: { segment?: string | undefined }) {
  const t = usePromotionT();
  const ot = useOwnerT();
  const promotions = usePromotions();
  const settings = useSettingsQuery();
  const [creating, setCreating] = useState(segment !== undefined);
  const status = useWrite(
    ({ id, to }: { id: string; to: PromotionStatus }) => api(`/api/promotions/${id}/status`, { method: 'POST', body: { status: to } }),
    [['promotions']],
  );
  return (
    <section className="owner-screen" aria-labelledby="promotions-title">
      <h1 id="promotions-title">{t.title}</h1>
      {creating && settings.data ? (
        <PromotionForm rules={settings.data.rules} timeZone={settings.data.timeZone} audience={segment ? [segment] : []} onDone={() => setCreating(false)} />
      ) : (
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t.create}
        </button>
      )}
      {status.error && <p role="alert">{failureText(ot, status.error)}</p>}
      <QueryState query={promotions}>
        {({ promotions: list }) =>
          list.length === 0 ? (
            <p className="empty">{t.none}</p>
          ) : (
            <ul className="promotion-list">
              {list.map((p) => (
                <PromotionItem
                  key={p.id}
                  promotion={p}
                  onStatus={(to) => (to !== 'ended' || confirm(t.confirmEnd(p.name))) && status.mutate({ id: p.id, to })}
                />
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}

function PromotionItem({ promotion: p, onStatus }: { promotion: PromotionView; onStatus: (to: PromotionStatus) => void }) {
  const t = usePromotionT();
  const settings = useSettingsQuery().data;
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  return (
    <li className={`promotion-${p.status}`}>
      <strong>{p.name}</strong> <span className="muted">{t.status[p.status]}</span>
      {p.status !== 'ended' && (
        <span className="promotion-actions">
          <button type="button" onClick={() => onStatus(p.status === 'active' ? 'paused' : 'active')}>
            {p.status === 'active' ? t.pause : t.resume}
          </button>
          <button type="button" className="danger" onClick={() => onStatus('ended')}>
            {t.end}
          </button>
          <button type="button" onClick={() => setEditing(true)}>
            {t.edit}
          </button>
        </span>
      )}
      {editing && settings && p.status !== 'ended' && (
        <PromotionForm rules={settings.rules} timeZone={settings.timeZone} editing={p} onDone={() => setEditing(false)} />
      )}
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t.report}
      </button>
      {open && <PromotionNumbers id={p.id} />}
    </li>
  );
}

function PromotionNumbers({ id }: { id: string }) {
  const t = usePromotionT();
  const locale = useOwnerUi((s) => s.locale);
  const report = usePromotionReport(id);
  const rub = (k: number) => formatRubles(k as Kopecks, locale);
  return (
    <QueryState query={report}>
      {(r) => (
        <dl className="promotion-numbers">
          <dt>{t.numbers.applied}</dt>
          <dd>{r.applied}</dd>
          <dt>{t.numbers.guests}</dt>
          <dd>{r.guests}</dd>
          <dt>{t.numbers.discount}</dt>
          <dd>{rub(r.discount)}</dd>
          <dt>{t.numbers.paid}</dt>
          <dd>{rub(r.paidRevenue)}</dd>
          <dt>{t.numbers.flagged}</dt>
          <dd>{r.flagged}</dd>
          <dd className="muted">{t.numbers.visits(r.visitsBefore.visits, r.visitsDuring.visits)}</dd>
        </dl>
      )}
    </QueryState>
  );
}
