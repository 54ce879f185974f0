/**
 * The owner's import over HTTP (server/import/import.route.ts): a file is uploaded as the raw
 * request body and kept on the server as an upload; its preview shows the header, the mapping
 * the headers suggest and a few rows; a dry run and a commit take the uploads with the
 * mapping the owner chose. The commit runs as a job whose progress the screen polls. Row
 * problems come with the file, the line and a code (the screen's words) — phones masked.
 */
import { z } from 'zod';
import { GUEST_FIELDS, PURCHASE_FIELDS } from '../import/columns.ts';

export const IMPORT_KINDS = ['guests', 'purchases'] as const;

/** An upload's id: what the server made, nothing else (it names a folder). */
const uploadId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'an upload id' });

export const uploadQuerySchema = z.object({
  kind: z.enum(IMPORT_KINDS, { error: 'guests or purchases' }),
  /** The file's own name, as the owner sees it in messages. */
  name: z.string().min(1).max(200, { error: 'at most 200 characters' }),
});

export const uploadParamsSchema = z.object({ id: uploadId });

const cell = z.union([z.string(), z.number()]);

export const uploadPreviewSchema = z.object({
  upload: z.string(),
  kind: z.enum(IMPORT_KINDS),
  name: z.string(),
  size: z.number().int(),
  format: z.enum(['csv', 'xlsx']),
  sheet: z.string().optional(),
  header: z.array(z.string()),
  headerLine: z.number().int(),
  /** For each column of the file, the field it feeds, or null (ignored): the headers' suggestion. */
  mapping: z.array(z.string().nullable()),
  sample: z.array(z.object({ line: z.number().int(), cells: z.array(cell) })),
});
export type UploadPreview = z.infer<typeof uploadPreviewSchema>;

const fileChoice = <F extends readonly [string, ...string[]]>(fields: F) =>
  z.object({
    upload: uploadId,
    /** One entry per column of the file; absent: the headers' suggestion. */
    mapping: z.array(z.enum(fields).nullable()).max(500).optional(),
  });

export const importRequestSchema = z
  .object({
    guests: fileChoice(GUEST_FIELDS).optional(),
    purchases: fileChoice(PURCHASE_FIELDS).optional(),
  })
  .refine((r) => r.guests || r.purchases, { error: 'a guests file, a purchases file or both', path: ['guests'] });
export type ImportRequestBody = z.infer<typeof importRequestSchema>;

export const rowProblemSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  file: z.string(),
  line: z.number().int(),
  code: z.string(),
  field: z.string().optional(),
  /** English, for a log; phones in it are masked. */
  message: z.string(),
});
export type RowProblemBody = z.infer<typeof rowProblemSchema>;

export const importSummarySchema = z.object({
  dryRun: z.boolean(),
  guests: z.object({
    rows: z.number().int(),
    added: z.number().int(),
    alreadyStored: z.number().int(),
    duplicates: z.number().int(),
    bad: z.number().int(),
    openingBalance: z.number().int(),
  }),
  purchases: z.object({
    rows: z.number().int(),
    added: z.number().int(),
    alreadyStored: z.number().int(),
    bad: z.number().int(),
    guestsCreated: z.number().int(),
  }),
  segmentChanges: z.number().int(),
  timeZone: z.string(),
});
export type ImportSummaryBody = z.infer<typeof importSummarySchema>;

/** At most this many problems travel; `problemCount` says how many there were. */
export const MAX_PROBLEMS_SHOWN = 500;

export const importResultSchema = z.object({
  summary: importSummarySchema,
  problems: z.array(rowProblemSchema),
  problemCount: z.number().int(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const jobParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'a job id' }) });

export const importJobSchema = z.object({
  id: z.string(),
  /**
   * `interrupted`: the server stopped (a restart, a crash) while the job ran; `committed`
   * says what its whole batches wrote, and importing the same files again completes it.
   */
  state: z.enum(['running', 'done', 'failed', 'interrupted']),
  startedAt: z.string(),
  /** Milliseconds since the start, by the server's clock (the screen's rate and time left). */
  elapsedMs: z.number(),
  progress: z.object({
    kind: z.enum(IMPORT_KINDS).nullable(),
    rows: z.number().int(),
    bytesRead: z.number(),
    totalBytes: z.number(),
    /** Both files' rows so far. */
    totalRows: z.number().int(),
  }),
  /** Rows written so far (whole batches only): guests created from either file, purchases added. */
  committed: z.object({ guests: z.number().int(), purchases: z.number().int() }),
  result: importResultSchema.optional(),
  /** Why a job failed (an unexpected error; problems with the files are refused before it starts). */
  error: z.string().optional(),
});
export type ImportJob = z.infer<typeof importJobSchema>;
