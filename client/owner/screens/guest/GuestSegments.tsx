import type { GuestProfile } from '../../../../shared/api/guest-profile.ts';
import { dateTime } from '../../format.ts';
import { useOwnerUi } from '../../store.ts';
import { useOwnerT } from '../../use-owner-t.ts';

/** Every change of the guest's segment, newest first; a change the owner's new rules made says so. */
export function GuestSegments({ profile }: { profile: GuestProfile }) {
  const t = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const name = (id: string) => profile.segments.find((s) => s.id === id)?.name[locale] ?? id;
  return (
    <section className="profile-section" aria-labelledby="history-title">
      <h2 id="history-title">{t.guest.history}</h2>
      {profile.segmentHistory.length === 0 ? (
        <p className="muted">{t.guest.historyNone}</p>
      ) : (
        <ul className="history-list">
          {profile.segmentHistory.map((s) => (
            <li key={`${s.at}:${s.from}:${s.to}`}>
              <span className="muted">{dateTime(s.at, locale, profile.timeZone, false)}</span> {s.from === null ? t.guest.firstSegment : name(s.from)} →{' '}
              <strong>{name(s.to)}</strong>
              {s.kind === 'rules' && <span className="muted"> ({t.guest.rulesChanged})</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
