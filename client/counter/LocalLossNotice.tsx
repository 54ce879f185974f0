import { useDb } from '../data/db-context.tsx';
import type { LocalLoss } from '../data/sync/local-loss.ts';
import { dismissLocalLoss } from '../data/sync/local-loss.ts';
import { useT } from '../i18n/use-t.ts';

/** Says plainly that this tablet lost writes (its database was wiped or rolled back), until the barista has read it. */
export function LocalLossNotice({ loss }: { loss: LocalLoss | null | undefined }) {
  const t = useT();
  const db = useDb();
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
