import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { failureText, useOwnerT } from './use-owner-t.ts';

/**
 * Loading, a failure with a retry button, or the screen with its data. `wrap` places the
 * loading and failure notes where the screen would be (a page before login has its own frame).
 */
export function QueryState<T>({
  query,
  children,
  wrap = (n) => n,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  wrap?: (node: ReactNode) => ReactNode;
}) {
  const t = useOwnerT();
  if (query.isPending)
    return wrap(
      <p className="muted" role="status">
        {t.loading}
      </p>,
    );
  if (query.isError)
    return wrap(
      <div role="alert" className="failed">
        <p>
          {t.loadFailed}: {failureText(t, query.error)}
        </p>
        <button type="button" onClick={() => void query.refetch()}>
          {t.retry}
        </button>
      </div>,
    );
  return <>{children(query.data)}</>;
}
