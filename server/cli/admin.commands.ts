/** Owner and tablet administration from the command line (until the owner's screens exist). */
import { localDateOf } from '../../shared/domain/calendar.ts';
import type { Db } from '../db/db.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { createPairingCode, listDevices, revokeDevice } from '../cafe/devices.repo.ts';
import { refuseLosingUnsent } from '../cafe/device-queue.repo.ts';
import { createOwner, createResetToken, ownerCount, RESET_TOKEN_TTL_MS } from '../cafe/owners.repo.ts';
import { resegmentIfNewDay } from '../segments/resegment.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliContext } from './context.ts';

export const ADMIN_USAGE = [
  'owner create --email E --password P',
  'owner reset-password [--email E] [--url http://localhost:8787]   (prints a one-time link, valid 1 hour, to set a new password)',
  'pair                                  (prints a one-time tablet pairing code, valid 10 minutes)',
  'devices [list | revoke --id ID [--force]]   (revoke refuses a tablet that reported unsent writes unless --force)',
  'resegment                             (records the segment moves that time alone causes)',
];

export async function ownerCommand(args: string[], ctx: CliContext): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'reset-password') return resetPasswordCommand(rest, ctx);
  const { out, withDb } = ctx;
  if (sub !== 'create') throw new UsageError('usage: owner create --email E --password P  |  owner reset-password [--email E]');
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

/**
 * A forgotten password: whoever can run the CLI on the server may let the owner choose a new
 * one. Prints a one-time link (/owner/reset#token, one hour); the token stands after '#', so
 * browsers never send it and no access log holds it. Using it ends every session of the owner.
 */
async function resetPasswordCommand(args: string[], { out, now, withDb }: CliContext): Promise<void> {
  const f = parseFlags(args, { email: { type: 'string' }, url: { type: 'string' } });
  const base = (f.url ?? `http://localhost:${process.env.PORT ?? 8787}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+$/.test(base)) throw new UsageError('owner reset-password --url takes the address the owner opens, e.g. http://192.168.1.5:8787');
  await withDb(async (db) => {
    const made = await createResetToken(db, f.email, now());
    if (!made) throw new Error(f.email ? `no owner with e-mail ${f.email}` : 'no single owner to reset: give --email');
    const until = new Date(now().getTime() + RESET_TOKEN_TTL_MS).toISOString();
    out.line(`Open this one-time link to set a new password for ${made.email} (valid until ${until}, once):`);
    out.line(`${base}/owner/reset#${made.token}`);
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
          `${d.id}  ${d.name}  ${d.revoked_at ? 'revoked' : 'active'}  last seen ${d.last_seen_at?.toISOString() ?? 'never'}${d.clock_ahead_ms > 300_000 ? '  CLOCK AHEAD' : ''}${d.outbox_size ? `  ${d.outbox_size} UNSENT` : ''}`,
        );
      }
    } else if (sub === 'revoke') {
      const f = parseFlags(rest, { id: { type: 'string' }, force: { type: 'boolean' } });
      if (!f.id) throw new UsageError('devices revoke needs --id');
      await refuseLosingUnsent(db, f.id, f.force ?? false, 'add --force');
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
