import { type FormEvent, useState } from 'react';
import type { ProgramProblem } from '../../i18n/loyalty-messages.ts';
import { Field } from '../../ui/Field.tsx';
import { api, ApiFailure } from '../api.ts';
import { type LoyaltyProgram, useLoyaltyT, useProgram } from '../loyalty-queries.ts';
import { draftOf, type ProgramDraft, readDraft, serverProblem } from '../program-form.ts';
import { useWrite } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { failureText, useOwnerT } from '../use-owner-t.ts';
import { RewardsEditor, TiersEditor } from './ProgramLists.tsx';

/** The bonus programme's settings: rates, welcome bonus, share payable in points, expiry, offline cap, tiers and the reward catalogue. */
export function ProgramScreen() {
  const t = useLoyaltyT();
  const { go } = useOwnerUi();
  const program = useProgram();
  const [done, setDone] = useState(false);
  return (
    <section className="owner-screen" aria-labelledby="program-title">
      <button type="button" className="link back" onClick={() => go({ name: 'loyalty' })}>
        ← {t.program.back}
      </button>
      <h1 id="program-title">{t.program.title}</h1>
      {done && (
        <p className="notice" role="status">
          {t.program.saved}
        </p>
      )}
      <QueryState query={program}>{(p) => <ProgramForm key={JSON.stringify(p)} saved={p} onSaved={() => setDone(true)} />}</QueryState>
    </section>
  );
}

function ProgramForm({ saved, onSaved }: { saved: LoyaltyProgram; onSaved: () => void }) {
  const t = useLoyaltyT();
  const owner = useOwnerT();
  const [draft, setDraft] = useState<ProgramDraft>(() => draftOf(saved));
  const [problems, setProblems] = useState<Map<string, ProgramProblem>>(new Map());
  const [failure, setFailure] = useState<string | null>(null);
  const save = useWrite((body: LoyaltyProgram) => api<LoyaltyProgram>('/api/loyalty/program', { method: 'PUT', body }), [['loyalty']]);
  const problem = (field: string) => {
    const p = problems.get(field);
    return p ? t.program.problems[p] : undefined;
  };
  const change = (next: Partial<ProgramDraft>) => setDraft((d) => ({ ...d, ...next }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const read = readDraft(draft);
    if (!read.ok) {
      setProblems(read.problems);
      return;
    }
    setProblems(new Map());
    try {
      await save.mutateAsync(read.program);
      onSaved();
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'invalid' && err.field) setProblems(new Map([[err.field, serverProblem(err.field)]]));
      else setFailure(failureText(owner, err));
    }
  }

  const text = (field: keyof Omit<ProgramDraft, 'tiers' | 'rewards'>, label: string, hint?: string) => (
    <Field label={label} inputMode="decimal" value={draft[field]} onChange={(e) => change({ [field]: e.target.value })} error={problem(field)} hint={hint} />
  );
  return (
    <form className="settings-form" onSubmit={submit} aria-label={t.program.title} noValidate>
      {text('accrualRate', t.program.accrualRate)}
      {text('welcomeBonus', t.program.welcomeBonus)}
      {text('maxRedeemShare', t.program.maxRedeemShare)}
      {text('expiryMonths', t.program.expiryMonths, t.program.expiryHint)}
      {text('offlineSpendCap', t.program.offlineSpendCap, t.program.offlineHint)}
      <TiersEditor tiers={draft.tiers} onChange={(tiers) => change({ tiers })} problem={problem} />
      <RewardsEditor rewards={draft.rewards} onChange={(rewards) => change({ rewards })} problem={problem} />
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <button type="submit" className="primary" disabled={save.isPending}>
        {t.program.save}
      </button>
    </form>
  );
}
