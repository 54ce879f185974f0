import { useState } from 'react';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { Reward } from '../../shared/loyalty/program.ts';
import { affordableRewards } from '../../shared/loyalty/rewards.ts';
import { useDb } from '../data/db-context.tsx';
import { giveReward } from '../data/rewards.ts';
import { errorText, useT } from '../i18n/use-t.ts';
import { useOnline } from '../pwa/online.ts';
import { useCounterUi } from './store.ts';

/**
 * The rewards the guest's points pay for now, each given in two taps (a reward given by
 * mistake cannot be taken back at the counter). Nothing shows when none is affordable.
 */
export function RewardsPanel({ guestId, balance, rewards }: { guestId: GuestId; balance: number; rewards: readonly Reward[] }) {
  const t = useT();
  const db = useDb();
  const online = useOnline();
  const { notify } = useCounterUi();
  const [chosen, setChosen] = useState<Reward | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const affordable = affordableRewards(balance, rewards);
  if (!affordable.length && !error) return null;

  async function give(reward: Reward) {
    setBusy(true);
    try {
      await giveReward(db, { guestId, rewardId: reward.id, online }, new Date());
      setChosen(null);
      setError(undefined);
      notify(t.rewardGiven(reward.name));
    } catch (err) {
      setError(errorText(t, (err as { code?: string }).code));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="rewards" aria-labelledby="rewards-title">
      <h2 id="rewards-title">{t.rewards}</h2>
      {chosen ? (
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => give(chosen)}>
            {t.giveReward(chosen.name, chosen.price)}
          </button>
          <button type="button" onClick={() => setChosen(null)}>
            {t.cancel}
          </button>
        </div>
      ) : (
        <div className="actions">
          {affordable.map((r) => (
            <button key={r.id} type="button" onClick={() => setChosen(r)}>
              {`${r.name} — ${t.points(r.price)}`}
            </button>
          ))}
        </div>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </section>
  );
}
