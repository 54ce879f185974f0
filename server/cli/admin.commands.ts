/** Owner and tablet administration from the command line (until the owner's screens exist). */
import { localDateOf } from '../../shared/domain/calendar.ts';
import type { Db } from '../db/db.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { createPairingCode, listDevices, revokeDevice } from '../cafe/devices.repo.ts';
import { createOwner, ownerCount } from '../cafe/owners.repo.ts';
import { resegmentIfNewDay } from '../segments/resegment.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliContext } from './context.ts';

export const ADMIN_USAGE = [
  'owner create --email E --password P',
  'pair                                  (prints a one-time tablet pairing code, valid 10 minutes)',
  'devices [list | revoke --id ID]',
  'resegment                             (records the segment moves that time alone causes)',
];

export async function ownerCommand(args: string[], { out, withDb }: CliContext): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'create') throw new UsageError('usage: owner create --email E --password P');
  const f = parseFlags(rest, { email: { type: 'string' }, password: { type: 'string' } });
  if (!f.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email)) throw new UsageError('owner create needs --email with a valid e-mail address');
  if (!f.password || f.password.length < 8) throw new UsageError('owner create needs --password of at least 8 characters');
  await withDb(async (db) => {
    const cafe = await ensureCafe(db);
    try {
      await createOwner(db, cafe.id, f.email!, f.password!);
    } catch (e) {
      if (/unique|duplicate/i.test((e as Error).message)) throw new Error(`an owner with e-mail ${f.email} already exists`);
      throw e;
    }
    out.line(`owner ${f.email} created`);
  });
}

export async function pairCommand(args: string[], { out, now, withDb }: CliContext): Promise<void> {
  parseFlags(args, {});
  await withDb(async (db) => {
    const cafe = await ensureCafe(db);
    const { code, expiresAt } = await createPairingCode(db, cafe.id, now());
    out.line(`Enter this code on the tablet (valid until ${expiresAt.toISOString()}, once):`);
    out.line(code);
  });
}

export async function devicesCommand(args: string[], { out, now, withDb }: CliContext): Promise<void> {
  const [sub = 'list', ...rest] = args;
  await withDb(async (db) => {
    const cafe = await ensureCafe(db);
    if (sub === 'list') {
      for (const d of await listDevices(db, cafe.id)) {
        out.line(
          `${d.id}  ${d.name}  ${d.revoked_at ? 'revoked' : 'active'}  last seen ${d.last_seen_at?.toISOString() ?? 'never'}${d.clock_ahead_ms > 300_000 ? '  CLOCK AHEAD' : ''}`,
        );
      }
    } else if (sub === 'revoke') {
      const f = parseFlags(rest, { id: { type: 'string' } });
      if (!f.id) throw new UsageError('devices revoke needs --id');
      if (!(await revokeDevice(db, f.id, now()))) throw new Error(`no active device ${f.id}`);
      out.line(`device ${f.id} revoked`);
    } else throw new UsageError(`unknown devices command "${sub}"`);
  });
}

export async function resegmentCommand(args: string[], { out, now, withDb }: CliContext): Promise<void> {
  parseFlags(args, {});
  await withDb(async (db) => {
    const cafe = await ensureCafe(db);
    const moved = await resegmentIfNewDay(db, cafe.id, now());
    out.line(moved === null ? `already done for ${localDateOf(now(), cafe.timeZone)}` : `${moved} guests changed segment`);
  });
}

export async function firstStartHint(db: Db): Promise<string | null> {
  return (await ownerCount(db)) === 0
    ? 'No owner yet: create one with  npm run cli -- owner create --email you@example.com --password <at least 8 characters>'
    : null;
}
