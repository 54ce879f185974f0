/** What a tablet pulls of the café's settings: its zone, segment rules and void window, whenever the owner changes them. */
import type { PullSource } from '../sync/pull-source.ts';
import { cafeById } from './cafes.repo.ts';

export const settingsSource: PullSource = {
  async latest(tx, cafeId) {
    return (await tx.query<{ version: number }>('SELECT version FROM cafes WHERE id = $1', [cafeId]))[0]?.version ?? null;
  },
  async read({ tx, device, since, upto }) {
    const version = await settingsSource.latest(tx, device.cafeId);
    if (version === null || version <= since || version > upto) return {};
    const cafe = await cafeById(tx, device.cafeId);
    return { settings: { timeZone: cafe.timeZone, rules: cafe.rules, voidWindowDays: cafe.voidWindowDays } };
  },
};
