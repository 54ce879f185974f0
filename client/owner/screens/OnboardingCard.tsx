/**
 * The first run: three steps instead of six zeros — pair a tablet, bring in the guests, check
 * the time zone — each ticked off as it is done (GET /api/onboarding). Shown until the café
 * has its first guest.
 */
import type { ReactNode } from 'react';
import type { Onboarding } from '../../../shared/api/onboarding.ts';
import { useOwnerUi } from '../store.ts';
import { useOwnerT } from '../use-owner-t.ts';

function Step({ done, title, children }: { done: boolean; title: string; children: ReactNode }) {
  const t = useOwnerT();
  return (
    <li className={done ? 'done' : undefined}>
      <h2>
        {title}
        {done && <span className="tick"> ✓ {t.onboarding.done}</span>}
      </h2>
      {children}
    </li>
  );
}

export function OnboardingCard({ steps }: { steps: Onboarding }) {
  const t = useOwnerT();
  const go = useOwnerUi((s) => s.go);
  const o = t.onboarding;
  return (
    <div className="onboarding" data-testid="onboarding">
      <p className="headline">{o.title}</p>
      <p className="muted">{o.intro}</p>
      <ol>
        <Step done={steps.tablets > 0} title={o.tablet}>
          <p>{steps.tablets > 0 ? o.tablets(steps.tablets) : o.tabletHow}</p>
          <button type="button" className={steps.tablets > 0 ? undefined : 'primary'} onClick={() => go({ name: 'devices' })}>
            {o.tabletButton}
          </button>
        </Step>
        <Step done={steps.hasGuests} title={o.guests}>
          <p>{o.guestsHow}</p>
          <code className="command">{o.guestsCommand}</code>
          <p className="muted">{o.guestsOr}</p>
        </Step>
        <Step done={steps.timeZoneSet} title={o.zone}>
          <p>{o.zoneHow(steps.timeZone)}</p>
          <button type="button" onClick={() => go({ name: 'settings' })}>
            {o.zoneButton}
          </button>
        </Step>
      </ol>
    </div>
  );
}
