/** The server's third of the mutation registry: each kind's applier, one per kind of shared/sync/mutations.ts. */
import { registerGuests, updateGuests } from '../guests/guest.appliers.ts';
import { giveRewards, withVoidReversals, withWelcomeBonus } from '../loyalty/loyalty.appliers.ts';
import { withPromotionCheck } from '../promotions/promotion-check.ts';
import { recordPurchaseRun, voidPurchases } from '../purchases/purchase.appliers.ts';
import type { Appliers } from './applier.ts';

export const APPLIERS: Appliers = {
  // A counter registration also credits the welcome bonus; a void also reverses its points;
  // a purchase naming a promotion is re-checked, and flagged when the guest was not eligible.
  'guest.register': withWelcomeBonus(registerGuests),
  'guest.update': updateGuests,
  'purchase.record': withPromotionCheck(recordPurchaseRun),
  'purchase.void': withVoidReversals(voidPurchases),
  'loyalty.reward': giveRewards,
};
