/** "Ещё": the owner's screens that do not need a place in the bottom bar, one tap away. */
import { MORE_SCREENS, useOwnerUi } from '../store.ts';
import { useOwnerT } from '../use-owner-t.ts';

export function MoreScreen() {
  const t = useOwnerT();
  const go = useOwnerUi((s) => s.go);
  return (
    <section className="owner-screen" aria-labelledby="more-title">
      <h1 id="more-title">{t.nav.more}</h1>
      <ul className="more-list">
        {MORE_SCREENS.map((name) => (
          <li key={name}>
            <a
              href={`/owner/${name}`}
              onClick={(e) => {
                e.preventDefault();
                go({ name });
              }}
            >
              {t.nav[name]}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
