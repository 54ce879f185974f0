/** A dry run's answer: what would be added, what is known already, and every skipped line with its reason. */
import type { ImportResult } from './import-queries.ts';
import { useImportT } from './import-queries.ts';

export function ImportCheck({ result }: { result: ImportResult }) {
  const t = useImportT();
  const { guests, purchases } = result.summary;
  return (
    <section className="import-check" aria-labelledby="import-check-title">
      <h2 id="import-check-title">{t.results}</h2>
      <p className="muted">{t.nothingWritten}</p>
      <ul className="import-totals">
        {guests.rows > 0 && <li>{t.guestsLine(guests.added, guests.alreadyStored)}</li>}
        {purchases.rows > 0 && <li>{t.purchasesLine(purchases.added, purchases.alreadyStored)}</li>}
        {purchases.guestsCreated > 0 && <li>{t.guestsFromPurchases(purchases.guestsCreated)}</li>}
        <li>{t.bad(result.problemCount)}</li>
      </ul>
      {result.problems.length > 0 && (
        <>
          <ol className="import-bad" aria-label={t.bad(result.problemCount)}>
            {result.problems.map((p) => (
              <li key={`${p.kind}:${p.line}:${p.code}`}>
                <strong>{t.line(p.file, p.line)}</strong>: {p.code in t.reason ? t.reason[p.code as keyof typeof t.reason] : p.message}
              </li>
            ))}
          </ol>
          {result.problemCount > result.problems.length && <p className="muted">{t.badShown(result.problems.length, result.problemCount)}</p>}
        </>
      )}
    </section>
  );
}
