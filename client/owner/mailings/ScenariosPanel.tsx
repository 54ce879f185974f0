/**
 * The automatic scenarios: each one on or off, its text and timing, its offer of points (when
 * bonus points exist: the win-back's sized by the guest's spend, the others a fixed number),
 * or a personal promotion granted with the message (the win-back's sized by the same spend),
 * and its report. Saving triggers nothing by itself.
 */
import { useState } from 'react';
import type { ScenarioPut, ScenarioView } from '../../../shared/api/mailings.ts';
import { DEFAULT_WIN_BACK_REWARDS } from '../../../shared/mailings/scenarios.ts';
import { api } from '../api.ts';
import { useWrite } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { fieldProblem, useOwnerT } from '../use-owner-t.ts';
import { useMailingT, useScenarios } from './mailing-queries.ts';
import { OfferField } from './OfferField.tsx';
import { ReportView } from './ReportView.tsx';

export function ScenariosPanel() {
  const t = useMailingT();
  const scenarios = useScenarios();
  return (
    <section aria-labelledby="scenarios-title">
      <h2 id="scenarios-title">{t.scenarios.title}</h2>
      <QueryState query={scenarios}>
        {({ scenarios: list, pointsAvailable }) => list.map((s) => <ScenarioCard key={s.id} scenario={s} points={pointsAvailable} />)}
      </QueryState>
    </section>
  );
}

function ScenarioCard({ scenario, points }: { scenario: ScenarioView; points: boolean }) {
  const t = useMailingT();
  const ot = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const [draft, setDraft] = useState<ScenarioPut>(() => {
    const { id: _id, kind: _kind, report: _report, ...put } = scenario;
    return put;
  });
  const save = useWrite(() => api<ScenarioView>(`/api/scenarios/${scenario.id}`, { method: 'PUT', body: draft }), [['scenarios']]);
  const problem = save.error ? fieldProblem(ot, save.error, { points: t.scenarios.pointsInvalid }) : null;
  const withPoints = draft.offer === 'points';
  return (
    <details className="scenario-card">
      <summary>
        {t.scenarios.names[scenario.id] ?? scenario.id} {scenario.enabled ? `· ${t.scenarios.on}` : ''}
      </summary>
      <label className="check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} /> {t.scenarios.on}
      </label>
      <label>
        {t.compose.text}
        <textarea rows={3} value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} />
      </label>
      {draft.days !== undefined && (
        <label>
          {t.scenarios.days}
          <input inputMode="numeric" value={draft.days} onChange={(e) => setDraft({ ...draft, days: Number(e.target.value) || 0 })} />
        </label>
      )}
      {points && scenario.kind !== 'points-expiring' && (
        <>
          <label className="check">
            <input type="checkbox" checked={withPoints} onChange={(e) => setDraft({ ...draft, offer: e.target.checked ? 'points' : 'none' })} />{' '}
            {t.scenarios.withPoints}
          </label>
          {withPoints && scenario.kind === 'segment-entry' && <p className="muted">{t.scenarios.winBackPoints(winBackTable(locale))}</p>}
          {withPoints && scenario.kind !== 'segment-entry' && (
            <label>
              {t.scenarios.points}
              <input inputMode="numeric" value={draft.points ?? ''} onChange={(e) => setDraft({ ...draft, points: Number(e.target.value) || undefined })} />
            </label>
          )}
        </>
      )}
      {scenario.kind !== 'points-expiring' && (
        <>
          <OfferField
            value={draft.offer === 'promotion' ? draft.promotionId : undefined}
            onChange={(promotionId) =>
              setDraft(
                promotionId
                  ? { ...draft, offer: 'promotion', promotionId }
                  : { ...draft, offer: draft.offer === 'promotion' ? 'none' : draft.offer, promotionId: undefined },
              )
            }
          />
          {draft.offer === 'promotion' && scenario.kind === 'segment-entry' && <p className="muted">{t.scenarios.winBackOffer}</p>}
        </>
      )}
      <label>
        {t.scenarios.cooldown}
        <input inputMode="numeric" value={draft.cooldownDays} onChange={(e) => setDraft({ ...draft, cooldownDays: Number(e.target.value) || 0 })} />
      </label>
      <label>
        {t.compose.holdout}
        <input inputMode="decimal" value={draft.holdoutPercent} onChange={(e) => setDraft({ ...draft, holdoutPercent: Number(e.target.value) || 0 })} />
      </label>
      {problem && <p role="alert">{problem.text}</p>}
      {save.isSuccess && <p role="status">{t.scenarios.saved}</p>}
      <button type="button" onClick={() => save.mutate(undefined)} disabled={save.isPending}>
        {t.scenarios.save}
      </button>
      <ReportView report={scenario.report} />
    </details>
  );
}

/** The win-back's points by spend, as the server sizes them: "100 (от 0 ₽), 200 (от 1 500 ₽), …". */
function winBackTable(locale: 'ru' | 'en'): string {
  const from = locale === 'ru' ? 'от' : 'from';
  return DEFAULT_WIN_BACK_REWARDS.map(
    (row) =>
      `${row.reward.kind === 'points' ? row.reward.points : '—'} (${from} ${(row.fromSpend / 100).toLocaleString(locale === 'ru' ? 'ru-RU' : 'en-GB')} ₽)`,
  ).join(', ');
}
