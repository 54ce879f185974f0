import { useState } from 'react';
import { dateTime, rubles } from '../format.ts';
import { type LoyaltyReport, useLoyaltyReport, useLoyaltyT } from '../loyalty-queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';

const PERIODS = [null, 30, 90] as const;

/** The programme report: points issued, spent and expired over a period, what guests hold now and what it costs, and the overdrafts. */
export function LoyaltyScreen() {
  const t = useLoyaltyT();
  const { go } = useOwnerUi();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(null);
  const report = useLoyaltyReport(days);
  return (
    <section className="owner-screen" aria-labelledby="loyalty-title">
      <h1 id="loyalty-title">{t.report.title}</h1>
      <fieldset className="segmented" aria-label={t.report.period}>
        {PERIODS.map((p) => (
          <button key={String(p)} type="button" aria-pressed={p === days} onClick={() => setDays(p)}>
            {t.report.periods[p === null ? 'all' : p === 30 ? '30' : '90']}
          </button>
        ))}
      </fieldset>
      <QueryState query={report}>{(r) => <Report report={r} />}</QueryState>
      <button type="button" className="primary" onClick={() => go({ name: 'program' })}>
        {t.report.settings}
      </button>
    </section>
  );
}

function Report({ report: r }: { report: LoyaltyReport }) {
  const t = useLoyaltyT();
  const locale = useOwnerUi((s) => s.locale);
  const figure = (label: string, value: string, id: string) => (
    <div>
      <dt>{label}</dt>
      <dd data-testid={`loyalty-${id}`}>{value}</dd>
    </div>
  );
  return (
    <>
      <dl className="loyalty-figures">
        {figure(t.report.issued, t.points(r.issued), 'issued')}
        {figure(t.report.spent, t.points(r.spent), 'spent')}
        {figure(t.report.expired, t.points(r.expired), 'expired')}
        {figure(t.report.outstanding, t.points(r.outstanding), 'outstanding')}
        {figure(t.report.liability, rubles(r.liability, locale), 'liability')}
        {figure(t.report.overdrawn, `${t.report.overdrawnGuests(r.overdrawn.guests)} · ${t.points(r.overdrawn.points)}`, 'overdrawn')}
      </dl>
      <h2>{t.report.overdrafts}</h2>
      <p className="muted">{t.report.overdraftsHint}</p>
      {r.overdrafts.length === 0 ? (
        <p className="empty">{t.report.noOverdrafts}</p>
      ) : (
        <ul className="overdraft-list" aria-label={t.report.overdrafts}>
          {r.overdrafts.map((o) => (
            <li key={o.entryId}>
              <strong>{o.name ?? o.phone}</strong> {o.name && <span className="muted">{o.phone}</span>}
              <span>{t.report.overdraftLine(o.points)}</span>
              <span className={o.outstanding > 0 ? 'owes' : 'muted'}>{t.report.owes(o.outstanding)}</span>
              <span className="muted">
                {t.report.tablets}: {o.devices.map((d) => d.name || d.id.slice(0, 8)).join(', ')} · {dateTime(o.recordedAt, locale, r.timeZone)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {r.overdraftCount > r.overdrafts.length && <p className="muted">{t.report.more(r.overdraftCount - r.overdrafts.length)}</p>}
    </>
  );
}
