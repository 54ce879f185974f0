import { useDb } from '../data/db-context.tsx';
import { useSettings } from '../data/status-hooks.ts';
import { dismissLocalLoss } from '../data/sync/local-loss.ts';
import { useT } from '../i18n/use-t.ts';

/** Says plainly that this tablet lost writes (its database was wiped or rolled back), until the barista has read it. */
export function LocalLossNotice() {
  const t = useT();
  const db = useDb();
  const loss = useSettings()?.localLoss;
  if (!loss) return null;
  return (
    <section className="local-loss" role="alert">
      <p>{loss.kind === 'wiped' ? t.wiped(loss.lost) : t.behind}</p>
      <button type="button" onClick={() => void dismissLocalLoss(db)}>
        {t.gotIt}
      </button>
    </section>
  );
}
