/**
 * The rule set's thresholds as numbers the owner can change: each segment's conditions in
 * words ("дней с последней покупки ≤ 14"). Money is typed in rubles and kept in kopecks.
 * A value the rules cannot take (below 0, not a number) is not taken, and the field says so
 * beside itself instead of silently keeping the old value.
 */
import { useState } from 'react';
import { MONEY_METRICS, type RuleSet } from '../../../shared/segments/rules.ts';
import { useOwnerUi } from '../store.ts';
import { useOwnerT } from '../use-owner-t.ts';

type Refusal = 'negative' | 'empty';

/** What a typed threshold means: a number the rules take, or why it is not taken. */
export function readThreshold(text: string): { ok: true; value: number } | { ok: false; why: Refusal } {
  const number = Number(text.trim().replace(',', '.'));
  if (text.trim() === '' || !Number.isFinite(number)) return { ok: false, why: 'empty' };
  if (number < 0) return { ok: false, why: 'negative' };
  return { ok: true, value: number };
}

export function ThresholdsEditor({ rules, onChange }: { rules: RuleSet; onChange: (rules: RuleSet) => void }) {
  const t = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const [refused, setRefused] = useState<Record<string, Refusal>>({});
  const set = (id: string, si: number, ci: number, text: string) => {
    const read = readThreshold(text);
    setRefused(({ [id]: _, ...rest }) => (read.ok ? rest : { ...rest, [id]: read.why }));
    if (!read.ok) return;
    onChange({
      ...rules,
      segments: rules.segments.map((s, i) =>
        i !== si
          ? s
          : { ...s, when: s.when.map((c, j) => (j !== ci ? c : { ...c, value: MONEY_METRICS.has(c.metric) ? Math.round(read.value * 100) : read.value })) },
      ),
    });
  };
  return (
    <fieldset className="thresholds">
      <legend>{t.settings.thresholds}</legend>
      {rules.segments.map((s, si) => (
        <div key={s.id} className="threshold-segment">
          <h3>{s.name[locale]}</h3>
          {s.when.map((c, ci) => {
            const id = `th-${s.id}-${ci}`;
            const shown = MONEY_METRICS.has(c.metric) ? c.value / 100 : c.value;
            const why = refused[id];
            return (
              // A rule's conditions are fixed in the editor (only values change): the index is stable.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <div key={ci} className="threshold">
                <label htmlFor={id}>
                  {t.metrics[c.metric]} {t.ops[c.op]}
                </label>
                <input
                  id={id}
                  type="number"
                  inputMode="decimal"
                  min={0}
                  step={MONEY_METRICS.has(c.metric) || c.metric === 'visitsPerMonth' ? 'any' : 1}
                  defaultValue={shown}
                  aria-invalid={why ? true : undefined}
                  aria-describedby={why ? `${id}-why` : undefined}
                  onChange={(e) => set(id, si, ci, e.target.value)}
                />
                {why && (
                  <p id={`${id}-why`} className="field-error" role="alert">
                    {why === 'negative' ? t.settings.thresholdNegative : t.settings.thresholdEmpty}
                  </p>
                )}
              </div>
            );
          })}
        </div>
      ))}
    </fieldset>
  );
}
