/**
 * The owner's import from the browser, on the CLI's own code path (import-base.ts): upload a
 * guests or purchases file (the raw body, streamed to disk, with a size limit), read its
 * preview (header, suggested mapping, sample rows), dry-run it with the owner's mapping
 * (counts and every bad line, nothing written), and commit it as a job the screen polls for
 * progress. A file refused as a whole is a 4xx naming the file's kind, nothing written; a
 * repeated commit of the same files adds nothing (import-base.ts's idempotence). Owner only.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  importJobSchema,
  importRequestSchema,
  importResultSchema,
  jobParamsSchema,
  uploadParamsSchema,
  uploadPreviewSchema,
  uploadQuerySchema,
  type ImportRequestBody,
  type UploadPreview,
} from '../../shared/api/import.ts';
import type { ColumnMapping, ImportKind } from '../../shared/import/columns.ts';
import type { AppDeps } from '../app.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';
import { ApiError, maskPhones } from '../http/errors.ts';
import { json, jsonBody, OWNER, OWNER_REFUSALS, refusals, router } from '../http/openapi.ts';
import { importScenarioHook } from '../mailings/hooks.ts';
import { newId } from '../new-id.ts';
import { importBase, type ImportRequest } from './import-base.ts';
import { ImportInputError } from './import-error.ts';
import { ImportJobs, problemCollector } from './import-jobs.ts';
import { openImportTable, previewImportTable, type ImportFile } from './import-table.ts';
import { defaultUploadDir, tooLarge, UploadStore, type StoredUpload } from './uploads.ts';

export interface ImportRouteDeps {
  /** Where uploads wait (a temporary folder by default). */
  dir?: string;
  /** The largest upload accepted, in bytes. */
  maxBytes?: number;
  /** Rows per batch transaction (import-base's default when absent); tests make it small to see whole batches. */
  batchSize?: number;
}

const FILE_REFUSALS = [
  'file-unreadable',
  'file-empty',
  'not-a-table',
  'encoding-not-utf8',
  'xlsx-encrypted',
  'xlsx-legacy-xls',
  'xlsx-corrupt',
  'xlsx-too-large',
  'xlsx-no-sheet',
  'no-header',
] as const;

const upload = createRoute({
  method: 'post',
  path: '/uploads',
  summary: 'Uploads a guests or purchases file (CSV or .xlsx) as the raw body; returns its header, suggested mapping and first rows',
  security: OWNER,
  request: {
    query: uploadQuerySchema,
    body: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, required: true },
  },
  responses: { 200: json(uploadPreviewSchema, 'the uploaded file'), ...refusals('invalid', 'file-too-large', ...FILE_REFUSALS, ...OWNER_REFUSALS) },
});

const preview = createRoute({
  method: 'get',
  path: '/uploads/{id}',
  summary: "An upload's header, suggested mapping and first rows",
  security: OWNER,
  request: { params: uploadParamsSchema },
  responses: { 200: json(uploadPreviewSchema, 'the uploaded file'), ...refusals('invalid', 'unknown-upload', ...FILE_REFUSALS, ...OWNER_REFUSALS) },
});

const dryRun = createRoute({
  method: 'post',
  path: '/dry-run',
  summary: 'Checks the uploads with the chosen mappings: what would be added, what is stored already, every bad line; writes nothing',
  security: OWNER,
  request: jsonBody(importRequestSchema),
  responses: {
    200: json(importResultSchema, 'the counts and the bad lines'),
    ...refusals('invalid', 'unknown-upload', 'mapping-invalid', ...FILE_REFUSALS, ...OWNER_REFUSALS),
  },
});

const commit = createRoute({
  method: 'post',
  path: '/commit',
  summary: 'Imports the uploads with the chosen mappings as a job (poll GET /jobs/{id}); the same files again add nothing',
  security: OWNER,
  request: jsonBody(importRequestSchema),
  responses: {
    202: json(importJobSchema, 'the job, started'),
    ...refusals('invalid', 'unknown-upload', 'mapping-invalid', 'import-running', ...FILE_REFUSALS, ...OWNER_REFUSALS),
  },
});

const job = createRoute({
  method: 'get',
  path: '/jobs/{id}',
  summary: "An import job's progress, and its counts and bad lines once done",
  security: OWNER,
  request: { params: jobParamsSchema },
  responses: { 200: json(importJobSchema, 'the job'), ...refusals('invalid', 'not-found', ...OWNER_REFUSALS) },
});

/** An ImportInputError as the API's refusal, naming the file (and its mapping when that is what is wrong). */
function refused(e: unknown, kind: ImportKind): unknown {
  if (!(e instanceof ImportInputError)) return e;
  const field = e.code === 'mapping-invalid' ? `${kind}.mapping` : kind;
  return new ApiError(e.code, e.message, field);
}

export function importRoute(deps: AppDeps & { import?: ImportRouteDeps | undefined }) {
  const store = new UploadStore(deps.import?.dir ?? defaultUploadDir(), deps.import?.maxBytes);
  const jobs = new ImportJobs(deps.db, deps.now);
  const limits = { maxBytes: store.maxBytes };

  async function previewOf(stored: StoredUpload): Promise<UploadPreview> {
    try {
      const p = await previewImportTable({ path: stored.path, name: stored.name }, stored.kind, 5, limits);
      return { upload: stored.id, kind: stored.kind, name: stored.name, size: stored.size, ...p, header: [...p.header], mapping: [...p.mapping] };
    } catch (e) {
      throw refused(e, stored.kind);
    }
  }

  /** The request's files as import-base takes them; names kept apart so each problem tells its file. */
  async function filesOf(body: ImportRequestBody) {
    const request: ImportRequest = {};
    const names = new Map<string, ImportKind>();
    for (const kind of ['guests', 'purchases'] as const) {
      const chosen = body[kind];
      if (!chosen) continue;
      const stored = await store.get(chosen.upload);
      if (!stored || stored.kind !== kind) throw new ApiError('unknown-upload', `no ${kind} upload ${chosen.upload}`, `${kind}.upload`);
      const name = names.has(stored.name) ? `${stored.name} (${kind})` : stored.name;
      names.set(name, kind);
      const file: ImportFile = { path: stored.path, name, ...(chosen.mapping ? { mapping: chosen.mapping as ColumnMapping<never> } : {}) };
      if (kind === 'guests') request.guests = file as ImportFile<'guests'>;
      else request.purchases = file as ImportFile<'purchases'>;
    }
    return { request, kindOf: (file: string): ImportKind => names.get(file) ?? 'guests' };
  }

  /**
   * Opens each file as import-base would, so a commit is refused before its job starts; the
   * job then reads these same tables (an `.xlsx` is checked whole when opened: once is enough).
   */
  async function check(request: ImportRequest): Promise<NonNullable<ImportRequest['opened']>> {
    const opened: NonNullable<ImportRequest['opened']> = {};
    try {
      if (request.guests) opened.guests = await openImportTable(request.guests, 'guests', limits).catch((e: unknown) => Promise.reject(refused(e, 'guests')));
      if (request.purchases)
        opened.purchases = await openImportTable(request.purchases, 'purchases', limits).catch((e: unknown) => Promise.reject(refused(e, 'purchases')));
      return opened;
    } catch (e) {
      await opened.guests?.close();
      throw e;
    }
  }

  const app = router<OwnerEnv>();
  app.use(ownerAuth(deps.db, deps.now));
  return app
    .openapi(upload, async (c) => {
      const { kind, name } = c.req.valid('query');
      const declared = Number(c.req.header('content-length'));
      if (Number.isFinite(declared) && declared > store.maxBytes) {
        throw new ApiError('file-too-large', tooLarge(name, store.maxBytes).message, 'file');
      }
      const now = deps.now();
      await store.sweep(now);
      let stored: StoredUpload;
      try {
        stored = await store.save(newId<string>(), kind, name, c.req.raw.body, now);
      } catch (e) {
        if (e instanceof ImportInputError) throw new ApiError(e.code, e.message, 'file');
        throw e;
      }
      return c.json(await previewOf(stored), 200);
    })
    .openapi(preview, async (c) => {
      const stored = await store.get(c.req.valid('param').id);
      if (!stored) throw new ApiError('unknown-upload', 'no such upload (they are kept for a day)', 'id');
      return c.json(await previewOf(stored), 200);
    })
    .openapi(dryRun, async (c) => {
      const { request, kindOf } = await filesOf(c.req.valid('json'));
      const problems = problemCollector(kindOf);
      try {
        const summary = await importBase(deps.db, { ...request, dryRun: true }, { now: deps.now(), onProblem: problems.onProblem, limits });
        return c.json(problems.result(summary), 200);
      } catch (e) {
        throw refusedFor(e, request);
      }
    })
    .openapi(commit, async (c) => {
      const { request, kindOf } = await filesOf(c.req.valid('json'));
      if (jobs.running()) throw new ApiError('import-running', 'an import is running; wait for it to finish');
      const opened = await check(request);
      const id = newId<string>();
      const now = deps.now();
      const batchSize = deps.import?.batchSize;
      await jobs
        .start(id, c.get('owner').cafeId, now, kindOf, (hooks) =>
          importBase(
            deps.db,
            { ...request, opened },
            {
              ...hooks,
              now,
              limits,
              ...(batchSize === undefined ? {} : { batchSize }),
              onSegmentChanges: importScenarioHook(now, deps.mailings?.ledger),
            },
          ).catch((e: unknown) => {
            throw new Error(maskPhones(e instanceof Error ? e.message : String(e)));
          }),
        )
        .catch(async (e: unknown) => {
          // The job was never stored, so its run never started: the tables are still ours to close.
          await opened.guests?.close();
          await opened.purchases?.close();
          throw e;
        });
      return c.json((await jobs.view(c.get('owner').cafeId, id))!, 202);
    })
    .openapi(job, async (c) => {
      const view = await jobs.view(c.get('owner').cafeId, c.req.valid('param').id);
      if (!view) throw new ApiError('not-found', 'no such import job', 'id');
      return c.json(view, 200);
    });
}

/** A dry run's refusal: an ImportInputError names the file it came from. */
function refusedFor(e: unknown, request: ImportRequest): unknown {
  if (!(e instanceof ImportInputError)) return e;
  const kind: ImportKind =
    request.purchases && request.guests ? (e.message.startsWith(`${request.guests.name}:`) ? 'guests' : 'purchases') : request.guests ? 'guests' : 'purchases';
  return refused(e, kind);
}
