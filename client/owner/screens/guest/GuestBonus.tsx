/**
 * The guest's bonus balance and ledger entries on the profile — the place the points engineer
 * (issue 12) fills: the balance, tier, overdraft if any, and the entries (accrual, redemption,
 * welcome bonus, expiry, owner adjustment). It renders nothing until then, so the profile
 * shows no empty box and no dead link. To fill it: read the guest's entries through a query
 * in client/owner/queries.ts (an owner-only route), render a <section aria-labelledby> with an
 * <h2> like the profile's other sections, and put its words in client/i18n/owner-messages.ts.
 */
export function GuestBonus(_props: { guestId: string }) {
  return null;
}
