/**
 * A problem with an import file as a whole (unreadable, not a table, no header, a mapping
 * that cannot be imported): found before anything is written, so a refused import leaves
 * the stored data as it was. The code is for screens; the message names the file and says
 * what to do, for the CLI.
 */
import type { MappingProblem } from '../../shared/import/columns.ts';

export type ImportInputCode =
  | 'file-unreadable'
  | 'file-empty'
  | 'file-too-large'
  | 'not-a-table'
  | 'encoding-not-utf8'
  | 'xlsx-encrypted'
  | 'xlsx-legacy-xls'
  | 'xlsx-corrupt'
  | 'xlsx-too-large'
  | 'xlsx-no-sheet'
  | 'no-header'
  | 'mapping-invalid';

export class ImportInputError extends Error {
  constructor(
    readonly code: ImportInputCode,
    message: string,
    /** For 'mapping-invalid': each reason the mapping was refused. */
    readonly problems: readonly MappingProblem[] = [],
  ) {
    super(message);
    this.name = 'ImportInputError';
  }
}
