import { useEffect, useState, type FormEvent } from 'react';
import type { TimeZone } from '../../../shared/domain/calendar.ts';
import { PRESETS } from '../../../shared/segments/presets.ts';
import { segmentName, type RuleSet } from '../../../shared/segments/rules.ts';
import { Field } from '../../ui/Field.tsx';
import { api } from '../api.ts';
import { count } from '../format.ts';
import { useSettingsQuery, useWrite, type CafeSettings, type RulesPreview } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import type { OwnerMessages } from '../../i18n/owner-messages.ts';
import { fieldProblem, useOwnerT } from '../use-owner-t.ts';
import { PasswordForm } from './PasswordForm.tsx';
import { ThresholdsEditor } from './ThresholdsEditor.tsx';

const ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
];

/** How long after a sale the counter may void it, in café days after its own (the API takes any 0–30). */
const VOID_WINDOWS = [0, 1, 2, 3, 7, 14, 30];

/**
 * The café's settings: name, time zone and how long a sale stays voidable, the segment rules (a preset, its thresholds, and a
 * preview of what a change would do), and the owner's password. Headings go h1 → h2 → h3.
 * A save says so right beside its button, and the header takes the new name at once.
 */
/** The settings' own words for a refused field (the café's name has its own; rules.* are the thresholds). */
const WORDS = (t: OwnerMessages) => ({ name: t.fields.name, timeZone: t.fields.timeZone, rules: t.fields.rules });

export function SettingsScreen() {
  const t = useOwnerT();
  const settings = useSettingsQuery();
  // Kept here: a save reloads the settings, and the form starts over from them.
  const [done, setDone] = useState<string | null>(null);
  return (
    <section className="owner-screen" aria-labelledby="settings-title">
      <h1 id="settings-title">{t.settings.title}</h1>
      <QueryState query={settings}>{(s) => <SettingsForm key={JSON.stringify(s)} saved={s} notice={done} onSaved={setDone} />}</QueryState>
      <PasswordForm />
    </section>
  );
}

function SettingsForm({ saved, notice, onSaved }: { saved: CafeSettings; notice: string | null; onSaved: (notice: string | null) => void }) {
  const t = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const [name, setName] = useState(saved.name);
  const [timeZone, setTimeZone] = useState(saved.timeZone);
  const [rules, setRules] = useState<RuleSet>(saved.rules);
  const [voidWindowDays, setVoidWindowDays] = useState(saved.voidWindowDays ?? 0);
  const [editorKey, setEditorKey] = useState(0);
  const [preview, setPreview] = useState<RulesPreview | null>(null);
  const [problem, setProblem] = useState<ReturnType<typeof fieldProblem> | null>(null);
  // The session holds the café's name the header shows; the onboarding card, whether the zone was set.
  const save = useWrite(
    (body: CafeSettings) => api<{ moved: number }>('/api/settings', { method: 'PUT', body }),
    [['settings'], ['report'], ['session'], ['onboarding']],
  );

  // What the change would do, asked a moment after the owner stops typing.
  useEffect(() => {
    const timer = setTimeout(() => {
      api<RulesPreview>('/api/settings/preview', { method: 'POST', body: { timeZone, rules } })
        .then((p) => {
          setPreview(p);
          setProblem(null);
        })
        .catch((e) => setProblem(fieldProblem(t, e, WORDS(t))));
    }, 300);
    return () => clearTimeout(timer);
  }, [timeZone, rules, t]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    onSaved(null);
    try {
      const { moved } = await save.mutateAsync({ name, timeZone, rules, voidWindowDays });
      onSaved(t.settings.saved(moved));
    } catch (err) {
      setProblem(fieldProblem(t, err, WORDS(t)));
    }
  }

  return (
    <form className="settings-form" onSubmit={submit} aria-label={t.settings.title}>
      <h2>{t.settings.cafe}</h2>
      <Field label={t.settings.name} value={name} onChange={(e) => setName(e.target.value)} error={problem?.field === 'name' ? problem.text : undefined} />
      <Field
        label={t.settings.timeZone}
        list="zones"
        value={timeZone}
        onChange={(e) => setTimeZone(e.target.value as TimeZone)}
        error={problem?.field === 'timeZone' ? problem.text : undefined}
      />
      <datalist id="zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div className="field">
        <label htmlFor="void-window">{t.settings.voidWindow}</label>
        <select id="void-window" value={voidWindowDays} onChange={(e) => setVoidWindowDays(Number(e.target.value))}>
          {[...new Set([...VOID_WINDOWS, voidWindowDays])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={n}>
                {t.settings.voidWindowDays(n)}
              </option>
            ))}
        </select>
      </div>
      <h2>{t.settings.segmentsTitle}</h2>
      <div className="field">
        <label htmlFor="rule-set">{t.settings.ruleSet}</label>
        <select
          id="rule-set"
          value={rules.id}
          onChange={(e) => {
            setRules(e.target.value === saved.rules.id ? saved.rules : PRESETS.find((p) => p.id === e.target.value)!);
            setEditorKey((k) => k + 1);
          }}
        >
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name[locale]}
            </option>
          ))}
        </select>
      </div>
      <ThresholdsEditor key={editorKey} rules={rules} onChange={setRules} />
      <div className="preview" role="status" aria-labelledby="preview-title">
        <h3 id="preview-title">{t.settings.preview}</h3>
        {preview && (
          <>
            <p data-testid="preview-moved">{preview.moved === 0 ? t.settings.previewNone : t.settings.previewMoved(preview.moved, preview.totalGuests)}</p>
            <ul>
              {preview.cells
                .filter((c) => c.from !== c.to)
                .sort((a, b) => b.guests - a.guests)
                .map((c) => (
                  <li key={`${c.from}>${c.to}`}>
                    {segmentName(saved.rules, c.from, locale)} → {segmentName(rules, c.to, locale)}: {count(c.guests, locale)}
                  </li>
                ))}
            </ul>
          </>
        )}
      </div>
      {problem && !['name', 'timeZone'].includes(problem.field ?? '') && (
        <p className="field-error" role="alert">
          {problem.text}
        </p>
      )}
      <div className="save-row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t.settings.save}
        </button>
        {notice && (
          <p className="notice inline" role="status">
            {notice}
          </p>
        )}
      </div>
    </form>
  );
}
