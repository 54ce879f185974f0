/**
 * The café's bonus programme, as the owner saved it (or DEFAULT_PROGRAM until then). It is
 * stored whole, as JSON checked by the one schema (shared/loyalty/program-schema.ts) on the way
 * in and on the way out, with a change number from the one sequence so tablets pull it.
 */
import type { TimeZone } from '../../shared/domain/calendar.ts';
import type { CafeId } from '../../shared/domain/ids.ts';
import { DEFAULT_PROGRAM, type LoyaltyProgram } from '../../shared/loyalty/program.ts';
import { programSchema } from '../../shared/loyalty/program-schema.ts';
import type { Sql } from '../db/db.ts';

export async function programOf(sql: Sql, cafeId: CafeId): Promise<LoyaltyProgram> {
  const rows = await sql.query<{ program: unknown }>('SELECT program FROM loyalty_programs WHERE cafe_id = $1', [cafeId]);
  return rows[0] ? programSchema.parse(rows[0].program) : DEFAULT_PROGRAM;
}

/** The programme and the café's zone, in one read: what every push's bonus work needs. */
export async function loyaltySettings(sql: Sql, cafeId: CafeId): Promise<{ program: LoyaltyProgram; zone: TimeZone }> {
  const [row] = await sql.query<{ time_zone: TimeZone; program: unknown }>(
    'SELECT c.time_zone, p.program FROM cafes c LEFT JOIN loyalty_programs p ON p.cafe_id = c.id WHERE c.id = $1',
    [cafeId],
  );
  if (!row) throw new Error(`no café ${cafeId}`);
  return { program: row.program ? programSchema.parse(row.program) : DEFAULT_PROGRAM, zone: row.time_zone };
}

/** Saves the programme; tablets pull it with its new change number. The café's lock is the caller's to hold. */
export async function saveProgram(sql: Sql, cafeId: CafeId, program: LoyaltyProgram, now: Date): Promise<LoyaltyProgram> {
  const checked = programSchema.parse(program);
  await sql.query(
    `INSERT INTO loyalty_programs (cafe_id, program, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (cafe_id) DO UPDATE SET program = excluded.program, updated_at = excluded.updated_at, version = nextval('change_seq')`,
    [cafeId, JSON.stringify(checked), now.toISOString()],
  );
  return checked;
}
