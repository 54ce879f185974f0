/**
 * Five screens as a bar at the bottom of the phone, within reach of a thumb: an icon and a
 * short word each, all on screen at 320 px (a strip of tabs scrolled "Планшеты" off the edge).
 * On a wide screen the same bar sits at the top.
 */
import { OWNER_TABS, tabOf, useOwnerUi, type OwnerTab } from './store.ts';
import { useOwnerT } from './use-owner-t.ts';

// 24 × 24 outlines, drawn with the text colour.
const ICONS: Record<OwnerTab, string> = {
  segments: 'M4 20V10M10 20V4M16 20v-8M22 20H2',
  movements: 'M4 7h13l-3-3M20 17H7l3 3',
  trend: 'M3 17l6-6 4 4 8-8M15 7h6v6',
  mailings: 'M3 6h18v12H3zM3 7l9 6 9-6',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
};

export function OwnerNav() {
  const t = useOwnerT();
  const { route, go } = useOwnerUi();
  const current = tabOf(route);
  return (
    <nav className="owner-nav" aria-label={t.title}>
      {OWNER_TABS.map((tab) => (
        <a
          key={tab}
          href={tab === 'segments' ? '/owner' : `/owner/${tab}`}
          aria-current={current === tab ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            go({ name: tab });
          }}
        >
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
            <path d={ICONS[tab]} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span>{t.nav[tab]}</span>
        </a>
      ))}
    </nav>
  );
}
