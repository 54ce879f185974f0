import { useOwnerT } from '../use-owner-t.ts';

/** /owner on a server with no owner yet: how to get in, instead of a login nobody can use. */
export function NoOwnerScreen() {
  const t = useOwnerT();
  return (
    <section className="owner-card" aria-labelledby="no-owner-title">
      <h1 id="no-owner-title">{t.noOwner.title}</h1>
      <p>{t.noOwner.intro}</p>
      <p className="muted">{t.noOwner.lost}</p>
      <code className="command">{t.noOwner.command}</code>
    </section>
  );
}
