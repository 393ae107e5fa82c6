import type { AuditEntry } from '@agora/contracts/admin.schema.ts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../api/http-client.ts';

export function useAuditLog() {
  return useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: AuditEntry[]; nextCursor: string | null }>(withQuery('/api/audit', { limit: 50, cursor: pageParam }), signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
