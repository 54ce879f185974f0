/** The import screen's server calls (types from shared/api, imported as types only). */
import { useQuery } from '@tanstack/react-query';
import type { ImportJob, ImportRequestBody, ImportResult, UploadPreview } from '../../../../shared/api/import.ts';
import type { ImportKind } from '../../../../shared/import/columns.ts';
import { importMessages, type ImportMessages } from '../../../i18n/import-messages.ts';
import { api, apiUpload } from '../../api.ts';
import { useOwnerUi } from '../../store.ts';

export type { ImportJob, ImportRequestBody, ImportResult, UploadPreview };

export const uploadFile = (kind: ImportKind, file: File) =>
  apiUpload<UploadPreview>(`/api/import/uploads?kind=${kind}&name=${encodeURIComponent(file.name || kind)}`, file);

export const dryRun = (body: ImportRequestBody) => api<ImportResult>('/api/import/dry-run', { method: 'POST', body });
export const startImport = (body: ImportRequestBody) => api<ImportJob>('/api/import/commit', { method: 'POST', body });

/** The job, polled while it runs. */
export const useImportJob = (id: string) =>
  useQuery({
    queryKey: ['import', 'job', id],
    queryFn: () => api<ImportJob>(`/api/import/jobs/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data?.state === 'running' || !q.state.data ? 500 : false),
  });

export function useImportT(): ImportMessages {
  return importMessages[useOwnerUi((s) => s.locale)];
}
