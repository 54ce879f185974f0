/**
 * One segment's guests, smooth with 100,000 of them: only the rows on screen are rendered
 * (@tanstack/react-virtual), and only their pages of 100 are fetched, sorted and searched
 * on the server. The phone is partly hidden here; the CSV export has it whole. A row opens
 * the guest's profile. The list starts near the top of the phone: title, count and export on
 * two lines, search and sort side by side.
 */
import { useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useRef, useState } from 'react';
import { segmentName } from '../../../shared/segments/rules.ts';
import { rowDateTime, wholeRubles } from '../format.ts';
import { GUEST_PAGE, guestPageQuery, useSettingsQuery, type GuestQuery, type GuestRow } from '../queries.ts';
import { ruleWords } from '../rule-words.ts';
import { pathOf, useOwnerUi } from '../store.ts';
import { failureText, useOwnerT } from '../use-owner-t.ts';
import { SegmentActions } from './SegmentActions.tsx';

const ROW_HEIGHT = 64;

export function SegmentListScreen({ segment }: { segment: string }) {
  const t = useOwnerT();
  const { locale, go, back } = useOwnerUi();
  const [sort, setSort] = useState<GuestQuery['sort']>('lastVisit');
  const [dir, setDir] = useState<GuestQuery['dir']>('desc');
  const [typed, setTyped] = useState('');
  const search = useDeferredValue(typed.trim());
  const query: GuestQuery = { segment, sort, dir, search };
  // The café's settings name the segment and its clock; the report need not be asked for that.
  const settings = useSettingsQuery().data;
  const name = settings ? segmentName(settings.rules, segment, locale) : segment;
  const zone = settings?.timeZone ?? 'Europe/Moscow';

  const scroller = useRef<HTMLElement>(null);
  const [total, setTotal] = useState<number | null>(null);
  const rows = useVirtualizer({ count: total ?? GUEST_PAGE, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = rows.getVirtualItems();
  const pages = [...new Set([0, ...items.map((i) => Math.floor(i.index / GUEST_PAGE))])];
  const results = useQueries({ queries: pages.map((p) => guestPageQuery(query, p)) });
  const first = results[0];
  if (first?.data && first.data.total !== null && first.data.total !== total) setTotal(first.data.total);
  const rowAt = (index: number): GuestRow | undefined => {
    const r = results[pages.indexOf(Math.floor(index / GUEST_PAGE))];
    return r?.data?.guests[index % GUEST_PAGE];
  };

  return (
    <section className="owner-screen segment-list" aria-labelledby="list-title">
      <div className="screen-head">
        <button type="button" className="link back" onClick={() => back({ name: 'segments' })}>
          ← {t.list.back}
        </button>
        <a className="button small" href={`/api/segments/${encodeURIComponent(segment)}/export.csv`} download>
          {t.list.export}
        </a>
      </div>
      <h1 id="list-title">{name}</h1>
      {settings && <p className="muted rule-line">{ruleWords(settings.rules, segment, locale)}</p>}
      <SegmentActions segment={segment} />
      <div className="list-tools">
        <div className="field">
          <label htmlFor="list-search" className="visually-hidden">
            {t.list.search}
          </label>
          <input id="list-search" type="search" inputMode="search" placeholder={t.list.search} value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="list-sort" className="visually-hidden">
            {t.list.sort}
          </label>
          <select
            id="list-sort"
            value={`${sort}:${dir}`}
            onChange={(e) => {
              const [s, d] = e.target.value.split(':') as [GuestQuery['sort'], GuestQuery['dir']];
              setSort(s);
              setDir(d);
            }}
          >
            {(['lastVisit', 'visits', 'spend'] as const).flatMap((s) =>
              (['desc', 'asc'] as const).map((d) => (
                <option key={`${s}:${d}`} value={`${s}:${d}`}>
                  {t.list.sorts[s]}, {t.list.dir[d]}
                </option>
              )),
            )}
          </select>
        </div>
      </div>
      {first?.isError && <p role="alert">{failureText(t, first.error)}</p>}
      <p className="muted list-total" role="status" data-testid="list-total">
        {total === null ? t.loading : t.list.found(total)}
      </p>
      {total === 0 && <p className="empty">{t.list.empty}</p>}
      {/* Focusable, so the list scrolls from the keyboard too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (axe scrollable-region-focusable) */}
      <section ref={scroller} className="list-scroller" tabIndex={0} aria-label={t.list.rows}>
        <ul className="guest-rows" aria-label={name} style={{ height: `${total === null ? 0 : rows.getTotalSize()}px` }}>
          {total !== null &&
            items.map((item) => {
              const g = rowAt(item.index);
              return (
                <li
                  key={item.key}
                  className="guest-row"
                  aria-setsize={total}
                  aria-posinset={item.index + 1}
                  style={{ transform: `translateY(${item.start}px)`, height: `${ROW_HEIGHT}px` }}
                >
                  {g ? (
                    <a
                      href={pathOf({ name: 'guest', id: g.id })}
                      onClick={(e) => {
                        e.preventDefault();
                        go({ name: 'guest', id: g.id });
                      }}
                    >
                      <span className="row-line">
                        <span className="guest-name">
                          {g.phone === null ? t.list.erased : (g.name ?? t.list.noName)}
                          {g.consent && (
                            <span className="consent" role="img" title={t.list.consent} aria-label={t.list.consent}>
                              {' '}
                              ✉
                            </span>
                          )}
                        </span>
                        <span className="guest-phone">{g.phone ?? '—'}</span>
                      </span>
                      <span className="row-line">
                        <span className="guest-facts">
                          {t.list.visits(g.visits)} · {wholeRubles(g.totalSpend, locale)}
                        </span>
                        <span className="guest-last">{g.lastVisitAt ? rowDateTime(g.lastVisitAt, locale, zone) : t.list.never}</span>
                      </span>
                    </a>
                  ) : (
                    <span className="muted">{t.loading}</span>
                  )}
                </li>
              );
            })}
        </ul>
      </section>
    </section>
  );
}
