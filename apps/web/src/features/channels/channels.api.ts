import type { ChannelPlatform, ChannelView } from '@agora/contracts/channels.schema.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest } from '../../api/http-client.ts';

export const ADMIN_CHANNELS_KEY = ['admin', 'channels'] as const;

/** Every platform's settings and health; refreshed every 30 s so the health line stays current. */
export function useAdminChannels() {
  return useQuery({
    queryKey: ADMIN_CHANNELS_KEY,
    queryFn: ({ signal }) => api.get<{ items: ChannelView[] }>('/api/admin/channels', signal).then((r) => r.items),
    refetchInterval: 30_000,
  });
}

function useReplaceChannel() {
  const queryClient = useQueryClient();
  return (channel: ChannelView) =>
    queryClient.setQueryData<ChannelView[]>(ADMIN_CHANNELS_KEY, (items) =>
      items?.map((c) => (c.platform === channel.platform ? channel : c)),
    );
}

export function useUpdateChannelCredentials() {
  const replace = useReplaceChannel();
  return useMutation({
    mutationFn: ({ platform, credentials }: { platform: ChannelPlatform; credentials: Record<string, string> }) =>
      apiRequest<ChannelView>(`/api/admin/channels/${platform}`, { method: 'PUT', body: { credentials } }),
    onSuccess: replace,
  });
}

export function useSetChannelStatus() {
  const replace = useReplaceChannel();
  return useMutation({
    mutationFn: ({ platform, action }: { platform: ChannelPlatform; action: 'pause' | 'resume' }) =>
      api.post<ChannelView>(`/api/admin/channels/${platform}/${action}`),
    onSuccess: replace,
  });
}
