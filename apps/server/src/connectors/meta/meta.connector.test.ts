import { describe, expect, it } from 'vitest';
import { metaReplyOptions } from './meta.connector.ts';

const now = new Date('2026-03-02T12:00:00Z');
const ago = (hours: number) => new Date(now.getTime() - hours * 3600_000);
const options = (channel: 'messenger' | 'instagram_dm' | 'facebook' | 'instagram', lastInboundAt: Date | null) =>
  metaReplyOptions(channel, {
    conversationKind: channel === 'facebook' || channel === 'instagram' ? 'public' : 'private',
    lastInboundAt,
    now,
  });

describe('metaReplyOptions: the messaging window', () => {
  it('lets a Messenger or Instagram DM be answered freely 23 hours after the last message', () => {
    expect(options('messenger', ago(23))).toEqual({ modes: ['private'], maxLength: 2000, counting: 'characters', notice: null });
    expect(options('instagram_dm', ago(23))).toEqual({ modes: ['private'], maxLength: 1000, counting: 'characters', notice: null });
  });

  it('still allows a human answer after 25 hours, and says so', () => {
    for (const channel of ['messenger', 'instagram_dm'] as const) {
      const reply = options(channel, ago(25));
      expect(reply.modes).toEqual(['private']);
      expect(reply.notice).toContain('HUMAN_AGENT');
    }
  });

  it('allows nothing after 8 days, and says why', () => {
    for (const channel of ['messenger', 'instagram_dm'] as const) {
      const reply = options(channel, ago(8 * 24));
      expect(reply.modes).toEqual([]);
      expect(reply.notice).toContain('7 jours');
    }
  });

  it('treats an unknown last message as outside every window', () => {
    expect(options('messenger', null).modes).toEqual([]);
  });

  it('has no window on comments', () => {
    expect(options('facebook', ago(30 * 24))).toMatchObject({ modes: ['public', 'private'], maxLength: 8000, notice: null });
    expect(options('instagram', null)).toMatchObject({ modes: ['public', 'private'], maxLength: 2200, notice: null });
  });
});
