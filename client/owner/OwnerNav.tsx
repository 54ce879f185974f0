/**
 * The five screens as a bar at the bottom of the phone, within reach of a thumb: an icon and a
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
  settings:
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1-1-3-2 .2-1.3-1.3L17 5l-3-1-1 2h-2L10 4 7 5l.3 1.9L6 8.2 4 8 3 11l2 1v0l-2 1 1 3 2-.2 1.3 1.3L7 19l3 1 1-2h2l1 2 3-1-.3-1.9 1.3-1.3 2 .2 1-3z',
  devices: 'M6 3h12a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zM11 18h2',
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
