import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { failureText, useOwnerT } from './use-owner-t.ts';

/** Loading, a failure with a retry button, or the screen with its data. */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const t = useOwnerT();
  if (query.isPending)
    return (
      <p className="muted" role="status">
        {t.loading}
      </p>
    );
  if (query.isError)
    return (
      <div role="alert" className="failed">
        <p>
          {t.loadFailed}: {failureText(t, query.error)}
        </p>
        <button type="button" onClick={() => void query.refetch()}>
          {t.retry}
        </button>
      </div>
    );
  return <>{children(query.data)}</>;
}
