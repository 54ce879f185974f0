/**
 * Acting on a segment from where it is shown: "Написать этому сегменту" opens a mailing with
 * the segment chosen; "Акция для этого сегмента" opens a new promotion aimed at it. The segment
 * screen renders this between its title and its guests.
 */
import { WriteToSegmentButton } from '../mailings/WriteToSegmentButton.tsx';
import { usePromotionT } from '../promotions/promotion-queries.ts';
import { useOwnerUi } from '../store.ts';

export function SegmentActions({ segment }: { segment: string }) {
  const t = usePromotionT();
  const go = useOwnerUi((s) => s.go);
  return (
    <div className="segment-actions">
      <WriteToSegmentButton segment={segment} />
      <button type="button" className="write-to-segment" aria-label={t.forSegment} onClick={() => go({ name: 'promotions', segment })}>
        {t.forSegmentShort}
      </button>
    </div>
  );
}
