/** Everything a tablet pulls, one source per kind of change; a new kind adds its source here. */
import { settingsSource } from '../cafe/settings.pull.ts';
import { guestsSource, mergesSource } from '../guests/guests.pull.ts';
import { balancesSource, programSource } from '../loyalty/balances.pull.ts';
import { grantsSource } from '../promotions/grants.pull.ts';
import { promotionsSource } from '../promotions/promotions.pull.ts';
import { usesSource } from '../promotions/uses.pull.ts';
import { voidsSource } from '../purchases/voids.pull.ts';
import type { PullSource } from './pull-source.ts';

export const PULL_SOURCES: readonly PullSource[] = [
  guestsSource,
  mergesSource,
  voidsSource,
  settingsSource,
  balancesSource,
  programSource,
  promotionsSource,
  grantsSource,
  usesSource,
];
