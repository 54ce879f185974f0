/**
 * Acting on a segment from where it is shown: the place for "Акция для сегмента" (a promotion
 * aimed at this segment, issue 12's loyalty screens) and "Написать сегменту" (a mailing to it,
 * issue 14's mailings screens). Until those screens exist it renders nothing — an absent button,
 * never a dead one. To add one: render a button here that opens the new screen with the
 * segment already chosen, e.g. go({ name: 'promotion-new', segments: [segment] }), and give it
 * its words in client/i18n/owner-messages.ts. The segment screen already renders this component
 * between its title and its guests.
 */
export function SegmentActions(_props: { segment: string }) {
  return null;
}
