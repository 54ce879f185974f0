/**
 * The rule set's thresholds as numbers the owner can change: each segment's conditions in
 * words ("дней с последней покупки ≤ 14"). Money is typed in rubles and kept in kopecks.
 */
import { MONEY_METRICS, type RuleSet } from '../../../shared/segments/rules.ts';
import { useOwnerUi } from '../store.ts';
import { useOwnerT } from '../use-owner-t.ts';

export function ThresholdsEditor({ rules, onChange }: { rules: RuleSet; onChange: (rules: RuleSet) => void }) {
  const t = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const set = (si: number, ci: number, text: string) => {
    const number = Number(text.replace(',', '.'));
    if (text.trim() === '' || !Number.isFinite(number) || number < 0) return;
    onChange({
      ...rules,
      segments: rules.segments.map((s, i) =>
        i !== si ? s : { ...s, when: s.when.map((c, j) => (j !== ci ? c : { ...c, value: MONEY_METRICS.has(c.metric) ? Math.round(number * 100) : number })) },
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
                  onChange={(e) => set(si, ci, e.target.value)}
                />
              </div>
            );
          })}
        </div>
      ))}
    </fieldset>
  );
}
