/** "Написать этому сегменту": opens a new mailing with the segment chosen. Placed on a segment's card. */
import { useOwnerUi } from '../store.ts';
import { useMailingT } from './mailing-queries.ts';

export function WriteToSegmentButton({ segment }: { segment: string }) {
  const t = useMailingT();
  const go = useOwnerUi((s) => s.go);
  return (
    <button type="button" className="write-to-segment" aria-label={t.writeToSegment} onClick={() => go({ name: 'compose', segment })}>
      {t.writeToSegmentShort}
    </button>
  );
}
