import { useT } from '../i18n/use-t.ts';

export type PointsChoice = { mode: 'none' } | { mode: 'all' } | { mode: 'number'; text: string };

/** What the choice sends to recordPurchase, which judges it (an empty text: no points). */
export const pointsText = (choice: PointsChoice, max: number): string => (choice.mode === 'none' ? '' : choice.mode === 'all' ? String(max) : choice.text);

/**
 * Points to spend on the check: none, all the check allows, or a number typed in — with the
 * allowed maximum always in sight, and a refusal beside the field (the writer refuses; this
 * only shows it).
 */
export function PointsField({
  max,
  choice,
  error,
  onChange,
}: {
  max: number;
  choice: PointsChoice;
  error: string | undefined;
  onChange(choice: PointsChoice): void;
}) {
  const t = useT();
  const text = choice.mode === 'number' ? choice.text : '';
  const notes = error ? 'points-max points-error' : 'points-max';
  return (
    <fieldset className="points" aria-describedby={notes}>
      <legend>{t.pointsToSpend}</legend>
      <p id="points-max" className="field-hint">
        {t.pointsMax(max)}
      </p>
      <label className="check">
        <input type="radio" name="points-mode" checked={choice.mode === 'none'} onChange={() => onChange({ mode: 'none' })} />
        {t.pointsNone}
      </label>
      <label className="check">
        <input type="radio" name="points-mode" checked={choice.mode === 'all'} disabled={max === 0} onChange={() => onChange({ mode: 'all' })} />
        {t.pointsAll(max)}
      </label>
      <div className="check">
        <input
          type="radio"
          name="points-mode"
          aria-label={t.pointsNumber}
          checked={choice.mode === 'number'}
          onChange={() => onChange({ mode: 'number', text })}
        />
        <label htmlFor="points">{t.pointsNumber}</label>
        <input
          id="points"
          className="points-input"
          inputMode="numeric"
          autoComplete="off"
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={notes}
          onChange={(e) => onChange({ mode: 'number', text: e.target.value })}
        />
      </div>
      {error && (
        <p id="points-error" role="alert" className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
