/**
 * Acting on a segment from where it is shown: "Написать этому сегменту" opens a mailing with
 * the segment chosen; "Акция для сегмента" (a promotion aimed at it) joins it when promotions
 * exist — an absent button until then, never a dead one. The segment screen renders this
 * between its title and its guests.
 */
import { WriteToSegmentButton } from '../mailings/WriteToSegmentButton.tsx';

export function SegmentActions({ segment }: { segment: string }) {
  return (
    <div className="segment-actions">
      <WriteToSegmentButton segment={segment} />
    </div>
  );
}
