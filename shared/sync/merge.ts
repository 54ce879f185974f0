/**
 * How two writes of one guest become one answer, the same on every server and tablet
 * whatever order they arrive in:
 * - two registrations of one phone: the earlier registration stands, ties by the smaller id;
 * - a profile field (name, birthday, consent): the write with the later hybrid clock wins;
 *   when two registrations merge, a field one of them left empty never erases the other's.
 */
import { compareHlc } from './hlc.ts';

export const PROFILE_FIELDS = ['name', 'birthday', 'consent'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Clock of the last write of each field; a field never written has none. */
export type FieldClocks = Partial<Record<ProfileField, string>>;

export interface Registration {
  id: string;
  registeredAt: Date;
}

/** Which of two registrations of one phone stands. */
export function registrationWinner<R extends Registration>(a: R, b: R): R {
  const d = a.registeredAt.getTime() - b.registeredAt.getTime();
  return d < 0 || (d === 0 && a.id < b.id) ? a : b;
}

/** Whether an edit stamped `incoming` replaces a field last written at `stored`. */
export function editWins(stored: string | undefined, incoming: string): boolean {
  return stored === undefined || compareHlc(incoming, stored) > 0;
}

export interface MergeProfile extends Registration {
  name: string | null;
  birthday: string | null;
  consent: { granted: boolean; at: Date | null };
  clocks: FieldClocks;
}

export interface MergedProfile {
  winnerId: string;
  loserId: string;
  registeredAt: Date;
  name: string | null;
  birthday: string | null;
  consent: { granted: boolean; at: Date | null };
  clocks: FieldClocks;
}

/** One guest from two registrations of one phone: the winner's identity, each field's latest write. */
export function mergeRegistrations(a: MergeProfile, b: MergeProfile): MergedProfile {
  const winner = registrationWinner(a, b);
  const loser = winner === a ? b : a;
  const loserLater = (f: ProfileField) => loser.clocks[f] !== undefined && editWins(winner.clocks[f], loser.clocks[f]!);
  const pick = <K extends 'name' | 'birthday'>(f: K) => {
    if (loser[f] === null) return { value: winner[f], clock: winner.clocks[f] };
    if (winner[f] === null || loserLater(f)) return { value: loser[f], clock: loser.clocks[f] };
    return { value: winner[f], clock: winner.clocks[f] };
  };
  const name = pick('name');
  const birthday = pick('birthday');
  const consentFrom = loserLater('consent') ? loser : winner;
  const clocks: FieldClocks = {};
  if (name.clock !== undefined) clocks.name = name.clock;
  if (birthday.clock !== undefined) clocks.birthday = birthday.clock;
  if (consentFrom.clocks.consent !== undefined) clocks.consent = consentFrom.clocks.consent;
  return {
    winnerId: winner.id,
    loserId: loser.id,
    registeredAt: winner.registeredAt,
    name: name.value,
    birthday: birthday.value,
    consent: consentFrom.consent,
    clocks,
  };
}
