/** The programme form's two lists: tiers (name, threshold in rubles, rate) and the reward catalogue (name, price in points). */
import { Field } from '../../ui/Field.tsx';
import { useLoyaltyT } from '../loyalty-queries.ts';
import type { RewardDraft, TierDraft } from '../program-form.ts';

type Problem = (field: string) => string | undefined;

// Ids are made here, where a tier or reward is added; the server only checks they are unique.
const newId = () => crypto.randomUUID();

export function TiersEditor({ tiers, onChange, problem }: { tiers: TierDraft[]; onChange: (tiers: TierDraft[]) => void; problem: Problem }) {
  const t = useLoyaltyT();
  const set = (i: number, next: Partial<TierDraft>) => onChange(tiers.map((x, j) => (j === i ? { ...x, ...next } : x)));
  return (
    <fieldset className="program-list">
      <legend>{t.program.tiers}</legend>
      {tiers.map((tier, i) => (
        <div key={tier.id} className="program-row" data-testid={`tier-${i}`}>
          <Field label={t.program.tierName} value={tier.name} onChange={(e) => set(i, { name: e.target.value })} error={problem(`tiers.${i}.name`)} />
          <Field
            label={t.program.tierMinSpend}
            inputMode="decimal"
            value={tier.minSpend}
            onChange={(e) => set(i, { minSpend: e.target.value })}
            error={problem(`tiers.${i}.minSpend`)}
          />
          <Field
            label={t.program.tierRate}
            inputMode="decimal"
            value={tier.accrualRate}
            onChange={(e) => set(i, { accrualRate: e.target.value })}
            error={problem(`tiers.${i}.accrualRate`)}
          />
          <button type="button" className="link" onClick={() => onChange(tiers.filter((_, j) => j !== i))}>
            {t.program.remove}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...tiers, { id: newId(), name: '', minSpend: '', accrualRate: '' }])}>
        {t.program.addTier}
      </button>
    </fieldset>
  );
}

export function RewardsEditor({ rewards, onChange, problem }: { rewards: RewardDraft[]; onChange: (rewards: RewardDraft[]) => void; problem: Problem }) {
  const t = useLoyaltyT();
  const set = (i: number, next: Partial<RewardDraft>) => onChange(rewards.map((x, j) => (j === i ? { ...x, ...next } : x)));
  return (
    <fieldset className="program-list">
      <legend>{t.program.rewards}</legend>
      {rewards.map((reward, i) => (
        <div key={reward.id} className="program-row" data-testid={`reward-${i}`}>
          <Field label={t.program.rewardName} value={reward.name} onChange={(e) => set(i, { name: e.target.value })} error={problem(`rewards.${i}.name`)} />
          <Field
            label={t.program.rewardPrice}
            inputMode="numeric"
            value={reward.price}
            onChange={(e) => set(i, { price: e.target.value })}
            error={problem(`rewards.${i}.price`) ?? problem(`rewards.${i}.id`)}
          />
          <button type="button" className="link" onClick={() => onChange(rewards.filter((_, j) => j !== i))}>
            {t.program.remove}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rewards, { id: newId(), name: '', price: '' }])}>
        {t.program.addReward}
      </button>
    </fieldset>
  );
}
