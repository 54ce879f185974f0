/**
 * `npm run cli -- <command>`: admin work on the same storage as the server (DATA_DIR or
 * DATABASE_URL). Results go to stdout; progress and problems to stderr; a failure is one
 * line on stderr and a non-zero exit (2 for a wrong call, 1 for anything else).
 */
import { importCommand, IMPORT_USAGE } from './import.command.ts';
import { processOutput, type Output } from './output.ts';
import { withLocalDb, type CliContext } from './context.ts';
import { forwardToServer, runningServer, withAbsoluteOut } from './forward.ts';
import { segmentsCommand, SEGMENTS_USAGE } from './segments.command.ts';
import { UsageError } from './args.ts';
import { fixtureCommand, FIXTURE_USAGE } from './fixture.command.ts';
import { MAILING_USAGE, mailingCommand } from './mailing.command.ts';
import { ADMIN_USAGE, devicesCommand, ownerCommand, pairCommand, resegmentCommand } from './admin.commands.ts';
import { BALANCES_USAGE, balancesCommand } from './balances.command.ts';
import { EXPORT_USAGE, exportCommand } from './export-purchases.command.ts';
import { PROMOTION_USAGE, promotionCommand } from './promotion.command.ts';
import { describeFailure } from './failure.ts';
import { BACKUP_USAGE, backupCommand, restoreCommand } from '../backup/backup.command.ts';

const COMMANDS: Record<string, (args: string[], ctx: CliContext) => Promise<void>> = {
  import: importCommand,
  segments: segmentsCommand,
  fixture: fixtureCommand,
  owner: ownerCommand,
  pair: pairCommand,
  devices: devicesCommand,
  resegment: resegmentCommand,
  balances: balancesCommand,
  export: exportCommand,
  mailing: mailingCommand,
  promotion: promotionCommand,
  backup: backupCommand,
  restore: restoreCommand,
  // The fault simulator drives real tablet code (client/) and lives with the tests; loaded only when asked for.
  simulate: async (args, ctx) => (await import('../../tests/sync/simulate.command.ts')).simulateCommand(args, ctx),
};

const USAGE = [
  'usage: npm run cli -- <command>',
  `  ${IMPORT_USAGE}`,
  `  ${SEGMENTS_USAGE}`,
  `  ${FIXTURE_USAGE}`,
  `  ${BALANCES_USAGE}`,
  `  ${EXPORT_USAGE}`,
  `  ${MAILING_USAGE}`,
  ...PROMOTION_USAGE.map((u) => `  ${u}`),
  `  simulate [--tablets 3] [--guests 300] [--purchases 5000] [--fault-rate 0.2] [--seed 7] [--hostile 1] [--server in-process|process]`,
  ...ADMIN_USAGE.map((u) => `  ${u}`),
  ...BACKUP_USAGE.map((u) => `  ${u}`),
].join('\n');

/** Commands that never touch the server's storage run here even while the server is up. */
const LOCAL_ONLY = new Set(['fixture', 'simulate', 'help', '--help']);

export async function runCli(
  argv: string[],
  out: Output = processOutput,
  now: () => Date = () => new Date(),
  withDb: CliContext['withDb'] = withLocalDb,
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    out.line(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    await command(rest, { out, now, withDb });
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      out.err(`error: ${e.message} (see: npm run cli -- help)`);
      return 2;
    }
    out.err(`error: ${describeFailure(e, 'database')}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Whatever escapes a command (a pool's late error, a stream's) still ends in one line, never a stack.
  const die = (e: unknown) => {
    processOutput.err(`error: ${describeFailure(e, 'database')}`);
    process.exit(1);
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  const argv = process.argv.slice(2);
  const server = LOCAL_ONLY.has(argv[0] ?? 'help') ? null : runningServer();
  process.exitCode = server ? await forwardToServer(server, withAbsoluteOut(argv), processOutput) : await runCli(argv);
}
