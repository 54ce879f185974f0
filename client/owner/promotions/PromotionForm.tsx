/**
 * A new promotion (or one being edited, `editing`): name, audience (the café's segments), one benefit, weekdays, a time window,
 * a date range, a minimum check and a per-guest limit. Checked with the server's own schema
 * before it is sent; each refusal stands beside its field (promotion-form.ts). A new one may
 * start from a preset of the seed's mechanics, which fills every field for the owner to adjust.
 */
import { useId, useState } from 'react';
import { localDateOf, type TimeZone } from '../../../shared/domain/calendar.ts';
import type { RuleSet } from '../../../shared/segments/rules.ts';
import { api } from '../api.ts';
import { useWrite } from '../queries.ts';
import { useOwnerUi } from '../store.ts';
import { failureText, useOwnerT } from '../use-owner-t.ts';
import { usePromotionT } from './promotion-queries.ts';
import {
  type BenefitChoice,
  emptyForm,
  type FormProblems,
  type FormSlot,
  formFromPreset,
  formFromPromotion,
  type PromotionFormState,
  presetsFor,
  readPromotionForm,
} from './promotion-form.ts';
import type { PromotionView } from './promotion-queries.ts';

export function PromotionForm({
  rules,
  timeZone,
  audience,
  editing,
  onDone,
}: {
  rules: RuleSet;
  /** The café's zone: a preset that runs N days starts on the café's today. */
  timeZone: TimeZone;
  audience?: string[];
  editing?: PromotionView;
  onDone: () => void;
}) {
  const t = usePromotionT();
  const ot = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const id = useId();
  const [form, setForm] = useState<PromotionFormState>(() => (editing ? formFromPromotion(editing) : emptyForm(audience)));
  const [problems, setProblems] = useState<FormProblems>({});
  const [preset, setPreset] = useState('');
  const presets = editing ? [] : presetsFor(rules);
  const pickPreset = (presetId: string) => {
    setPreset(presetId);
    const chosen = presets.find((p) => p.id === presetId);
    setForm(chosen ? formFromPreset(chosen, locale, localDateOf(new Date(), timeZone)) : emptyForm(audience));
    setProblems({});
  };
  const save = useWrite(
    (body: unknown) => (editing ? api(`/api/promotions/${editing.id}`, { method: 'PUT', body }) : api('/api/promotions', { method: 'POST', body })),
    [['promotions']],
  );
  const set = <K extends keyof PromotionFormState>(key: K, value: PromotionFormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const toggle = (list: readonly (string | number)[], item: string | number) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const read = readPromotionForm(form, rules);
    setProblems(read.ok ? {} : read.problems);
    if (read.ok) save.mutate(read.input, { onSuccess: onDone });
  };
  const fieldId = (slot: FormSlot) => `${id}-${slot}`;
  const problem = (slot: FormSlot) =>
    problems[slot] && (
      <span className="field-error" id={`${fieldId(slot)}-error`} role="alert">
        {t.problems[problems[slot]!]}
      </span>
    );
  const described = (slot: FormSlot) => (problems[slot] ? { 'aria-invalid': true, 'aria-describedby': `${fieldId(slot)}-error` } : {});
  const text = (slot: 'name' | 'from' | 'to' | 'minCheck', label: string, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className="field">
      <label htmlFor={fieldId(slot)}>{label}</label>
      <input id={fieldId(slot)} value={form[slot]} onChange={(e) => set(slot, e.target.value)} {...described(slot)} {...extra} />
      {problem(slot)}
    </div>
  );

  return (
    <form className="promotion-form" onSubmit={submit} noValidate aria-label={editing ? `${t.edit}: ${editing.name}` : t.create}>
      {presets.length > 0 && (
        <div className="field">
          <label htmlFor={`${id}-preset`}>{t.form.preset}</label>
          <select id={`${id}-preset`} value={preset} onChange={(e) => pickPreset(e.target.value)}>
            <option value="">{t.form.presetNone}</option>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name[locale]}
              </option>
            ))}
          </select>
        </div>
      )}
      {text('name', t.form.name)}
      <fieldset {...described('audience')}>
        <legend>{t.form.audience}</legend>
        {rules.segments.map((s) => (
          <label key={s.id} className="check">
            <input type="checkbox" checked={form.audience.includes(s.id)} onChange={() => set('audience', toggle(form.audience, s.id) as string[])} />
            {s.name[locale]}
          </label>
        ))}
        {problem('audience')}
      </fieldset>
      <fieldset>
        <legend>{t.form.benefit}</legend>
        <select aria-label={t.form.benefit} value={form.kind} onChange={(e) => set('kind', e.target.value as BenefitChoice)}>
          {(Object.keys(t.form.kinds) as BenefitChoice[]).map((k) => (
            <option key={k} value={k}>
              {t.form.kinds[k]}
            </option>
          ))}
        </select>
        <div className="field">
          <label htmlFor={fieldId('value')}>{form.kind === 'gift' ? t.form.gift : t.form.value}</label>
          <input
            id={fieldId('value')}
            value={form.kind === 'gift' ? form.gift : form.value}
            inputMode={form.kind === 'gift' ? 'text' : 'decimal'}
            onChange={(e) => set(form.kind === 'gift' ? 'gift' : 'value', e.target.value)}
            {...described('value')}
          />
          {problem('value')}
        </div>
      </fieldset>
      <fieldset {...described('weekdays')}>
        <legend>{t.form.weekdays}</legend>
        {t.form.days.map((day, i) => (
          <label key={day} className="check">
            <input type="checkbox" checked={form.weekdays.includes(i + 1)} onChange={() => set('weekdays', toggle(form.weekdays, i + 1) as number[])} />
            {day}
          </label>
        ))}
        {problem('weekdays')}
      </fieldset>
      {text('from', t.form.from, { inputMode: 'numeric', placeholder: '08:00' })}
      {text('to', t.form.to, { inputMode: 'numeric', placeholder: '12:00' })}
      <div className="field">
        <label htmlFor={fieldId('starts')}>{t.form.starts}</label>
        <input id={fieldId('starts')} type="date" value={form.starts} onChange={(e) => set('starts', e.target.value)} {...described('starts')} />
        {problem('starts')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('ends')}>{t.form.ends}</label>
        <input id={fieldId('ends')} type="date" value={form.ends} onChange={(e) => set('ends', e.target.value)} {...described('ends')} />
        {problem('ends')}
      </div>
      {text('minCheck', t.form.minCheck, { inputMode: 'decimal' })}
      <label>
        {t.form.limit}
        <select value={form.limit} onChange={(e) => set('limit', e.target.value as PromotionFormState['limit'])}>
          {(Object.keys(t.form.limits) as PromotionFormState['limit'][]).map((l) => (
            <option key={l} value={l}>
              {t.form.limits[l]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={form.personal} onChange={(e) => set('personal', e.target.checked)} />
        {t.form.personal}
      </label>
      {save.error && <p role="alert">{failureText(ot, save.error)}</p>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {editing ? t.form.saveEdit : t.form.save}
        </button>
        <button type="button" onClick={onDone}>
          {t.form.cancel}
        </button>
      </div>
    </form>
  );
}
