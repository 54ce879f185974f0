/** What became of a mailing's or scenario's messages, and whether it brought guests back (recipients against the holdout). */
import type { DeliveryReport } from '../../../shared/api/mailings.ts';
import { wholeRubles } from '../format.ts';
import { useOwnerUi } from '../store.ts';
import { useMailingT } from './mailing-queries.ts';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

export function ReportView({ report }: { report: DeliveryReport }) {
  const t = useMailingT();
  const locale = useOwnerUi((s) => s.locale);
  const { status: s, uplift: u } = report;
  const rub = (k: number | null) => (k === null ? '—' : wholeRubles(Math.round(k), locale));
  return (
    <div className="mailing-report">
      <ul className="status-counts">
        <li>
          {t.status.sent}: <strong>{s.sent}</strong>
        </li>
        <li>
          {t.status.queued}: {s.queued + s.sending}
        </li>
        <li>
          {t.status.failed}: {s.failed}
        </li>
        {Object.entries(s.skipped).map(([reason, n]) => (
          <li key={reason}>
            {t.status.skipped} ({t.reasons[reason] ?? reason}): {n}
          </li>
        ))}
        <li>
          {t.status.heldOut}: {s.heldOut}
        </li>
      </ul>
      {report.failures.length > 0 && (
        <details>
          <summary>{t.report.failures}</summary>
          <ul>
            {report.failures.map((f) => (
              <li key={f.error}>
                {f.count} × {f.error}
              </li>
            ))}
          </ul>
        </details>
      )}
      <h3>{t.report.title}</h3>
      <table className="uplift">
        <thead>
          <tr>
            <th />
            <th>{t.report.returned(u.windowDays)}</th>
            <th>{t.report.revenue}</th>
          </tr>
        </thead>
        <tbody>
          {(
            [
              [t.report.recipients, u.recipients],
              [t.report.holdout, u.holdout],
            ] as const
          ).map(([label, g]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>
                {g.returned} / {g.guests} ({pct(g.rate)})
              </td>
              <td>{rub(g.revenue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {t.report.difference}: {u.difference === null ? '—' : `${(u.difference * 100).toFixed(1)} п.п.`}
        {u.interval && ` (${t.report.interval}: ${(u.interval.lower * 100).toFixed(1)} … ${(u.interval.upper * 100).toFixed(1)})`}
        {u.pValue !== null && ` · ${t.report.pValue} = ${u.pValue.toFixed(3)}`}
      </p>
      {u.extraRevenue !== null && (
        <p>
          {t.report.extra}: {rub(u.extraRevenue)}
        </p>
      )}
      <p className="verdict">
        <strong>{t.report.verdict[u.verdict]}</strong>
      </p>
    </div>
  );
}
