/** One mailing: its text, audience as planned, and its report. */
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { useMailing, useMailingT } from './mailing-queries.ts';
import { ReportView } from './ReportView.tsx';

export function MailingScreen({ id }: { id: string }) {
  const t = useMailingT();
  const go = useOwnerUi((s) => s.go);
  const mailing = useMailing(id);
  return (
    <section className="owner-screen" aria-labelledby="mailing-title">
      <button type="button" className="link back" onClick={() => go({ name: 'mailings' })}>
        ← {t.back}
      </button>
      <QueryState query={mailing}>
        {(m) => (
          <>
            <h1 id="mailing-title">{m.segments.join(', ')}</h1>
            <blockquote className="mailing-text">{m.text}</blockquote>
            <p className="muted">
              {t.counts.inSegments}: {m.plan.inSegments} · {t.counts.eligible}: {m.plan.eligible} · {t.counts.heldOut}: {m.plan.heldOut}
            </p>
            <ReportView report={m.report} />
          </>
        )}
      </QueryState>
    </section>
  );
}
