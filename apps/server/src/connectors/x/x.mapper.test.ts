import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NormalizedItem } from '../connector.types.ts';
import { parseTwitterDate } from './x.mapper.ts';
import { parseXWebhook } from './x.webhook.ts';

const ACCOUNT = '1500000000000000001';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const messages = (items: NormalizedItem[]) => items.filter((i): i is Extract<NormalizedItem, { kind: 'message' }> => i.kind === 'message');

describe('X mapper: tweet_create_events', () => {
  const raw = fixture('x_account_activity_tweet_create_events.json');

  it('maps a reply from someone else as a public inbound message threaded on the tweet it answers', () => {
    const [reply] = messages(parseXWebhook(raw, '1500000000000000001'));
    expect(reply).toMatchObject({
      itemId: '1296887316556980230',
      channel: 'x',
      conversationKind: 'public',
      threadKey: '1296887091901718529',
      platformMessageId: '1296887316556980230',
      replyToPlatformId: '1296887316556980230',
      fromBank: false,
      createdAt: '2020-08-21T19:10:05.000Z',
      attachments: [],
      author: {
        platformUserId: '2244994945',
        handle: 'TwitterDev',
        displayName: 'Twitter Dev',
        profileUrl: 'https://x.com/TwitterDev',
        avatarUrl: 'https://pbs.twimg.com/profile_images/1283786620521652229/lEODkLTh_normal.jpg',
      },
    });
    expect(reply?.body).toContain('@PennMedCDH');
  });

  it('uses full_text, threads a root tweet on itself and takes the best video variant', () => {
    const [, root] = messages(parseXWebhook(raw, '1500000000000000001'));
    expect(root?.threadKey).toBe('1293593516040269825');
    expect(root?.body.startsWith('It’s finally here!')).toBe(true);
    expect(root?.body).toContain('only the beginning');
    expect(root?.attachments).toEqual([
      {
        type: 'video',
        url: 'https://video.twimg.com/ext_tw_video/1293565706408038401/pu/vid/1280x720/xkxyb-VPVY4OI0j9.mp4?tag=10',
        name: null,
      },
    ]);
  });

  it('marks tweets by the bank account as fromBank', () => {
    const items = messages(parseXWebhook(raw, '2244994945'));
    expect(items.map((i) => i.fromBank)).toEqual([true, true]);
  });

  it('falls back to entities.media photos and ignores retweets', () => {
    const payload = JSON.parse(raw.toString()) as { tweet_create_events: Record<string, unknown>[] };
    const [reply, root] = payload.tweet_create_events;
    const photo = {
      ...root,
      extended_entities: undefined,
      entities: { media: [{ type: 'photo', media_url_https: 'https://pbs.twimg.com/media/x.jpg' }] },
    };
    const retweet = { ...reply, retweeted_status: { id_str: '1' } };
    const items = parseXWebhook(Buffer.from(JSON.stringify({ for_user_id: '1', tweet_create_events: [photo, retweet] })), '1');
    expect(items[0]).toMatchObject({
      kind: 'message',
      attachments: [{ type: 'image', url: 'https://pbs.twimg.com/media/x.jpg', name: null }],
    });
    expect(items[1]).toMatchObject({ kind: 'ignored', reason: 'retweet' });
  });
});

describe('X mapper: direct_message_events', () => {
  const raw = fixture('x_account_activity_direct_message_events.json');

  it('maps an inbound DM, threaded on the sender, with names from users', () => {
    const items = parseXWebhook(raw, '4337869213');
    expect(items).toHaveLength(1);
    expect(items[0]).toEqual({
      kind: 'message',
      itemId: '954491830116155396',
      channel: 'x_dm',
      conversationKind: 'private',
      threadKey: '3001969357',
      platformMessageId: '954491830116155396',
      replyToPlatformId: null,
      author: {
        platformUserId: '3001969357',
        handle: 'furiouscamper',
        displayName: 'Jordan Brinks',
        profileUrl: 'https://x.com/furiouscamper',
        avatarUrl: 'https://pbs.twimg.com/profile_images/851526626785480705/cW4WTi7C_normal.jpg',
      },
      fromBank: false,
      body: 'Hello World!',
      attachments: [],
      createdAt: '2018-01-19T23:12:40.557Z',
    });
  });

  it('keeps a DM photo as an image attachment', () => {
    const payload = JSON.parse(raw.toString()) as {
      direct_message_events: { message_create: { message_data: Record<string, unknown> } }[];
    };
    const data = payload.direct_message_events[0]?.message_create.message_data;
    if (!data) throw new Error('fixture shape');
    data.attachment = { type: 'media', media: { type: 'photo', media_url_https: 'https://ton.twitter.com/1.1/ton/data/dm/1/2/photo.jpg' } };
    const [item] = messages(parseXWebhook(Buffer.from(JSON.stringify(payload)), '4337869213'));
    expect(item?.attachments).toEqual([{ type: 'image', url: 'https://ton.twitter.com/1.1/ton/data/dm/1/2/photo.jpg', name: null }]);
  });

  it('marks a DM sent by the bank as fromBank, threaded on the recipient', () => {
    const [item] = messages(parseXWebhook(raw, '3001969357'));
    expect(item).toMatchObject({ fromBank: true, threadKey: '4337869213' });
  });
});

describe('X mapper: other events', () => {
  it('keeps tweet deletions as ignored items with a stable id', () => {
    const raw = fixture('x_account_activity_tweet_delete_events.json');
    const first = parseXWebhook(raw, '930524282358325248');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: 'ignored' });
    expect(first[0]?.itemId).toMatch(/^x:tweet_delete_events:/);
    expect(parseXWebhook(raw, '930524282358325248')[0]?.itemId).toBe(first[0]?.itemId);
  });

  it('keeps an authorisation revoke (no for_user_id) as ignored', () => {
    const items = parseXWebhook(fixture('x_account_activity_user_event.json'), '1');
    expect(items).toEqual([expect.objectContaining({ kind: 'ignored', reason: expect.stringContaining('user_event') })]);
  });
});

describe('parseTwitterDate', () => {
  it('reads the v1.1 format with its offset', () => {
    expect(parseTwitterDate('Wed Oct 10 20:19:24 +0000 2018')).toBe('2018-10-10T20:19:24.000Z');
    expect(parseTwitterDate('Wed Oct 10 22:19:24 +0200 2018')).toBe('2018-10-10T20:19:24.000Z');
    expect(parseTwitterDate('2018-10-10')).toBeNull();
  });
});

describe('X quote posts and filtered-stream posts', () => {
  it('maps a quote post with the quoted words as context, answered on the quote itself', () => {
    // Shape of the v1.1 "Quote Tweet" example payload (is_quote_status, quoted_status), French text.
    const body = Buffer.from(
      JSON.stringify({
        for_user_id: ACCOUNT,
        tweet_create_events: [
          {
            id_str: '1800000000000000100',
            text: '@BanqueExemple 3 semaines pour ça ?',
            created_at: 'Wed Oct 10 20:19:24 +0000 2018',
            is_quote_status: true,
            quoted_status_id_str: '1800000000000000050',
            quoted_status: {
              id_str: '1800000000000000050',
              text: 'Nouvelle appli : virements instantanés pour tous !',
              user: { id_str: ACCOUNT, screen_name: 'BanqueExemple' },
            },
            user: { id_str: '77', name: 'Sam', screen_name: 'sam_' },
          },
        ],
      }),
    );
    const [item] = parseXWebhook(body, ACCOUNT);
    expect(item).toMatchObject({
      kind: 'message',
      itemId: '1800000000000000100',
      threadKey: '1800000000000000100',
      replyToPlatformId: '1800000000000000100',
      fromBank: false,
      body: '@BanqueExemple 3 semaines pour ça ?\n\n> Citation de @BanqueExemple : « Nouvelle appli : virements instantanés pour tous ! »',
    });
  });

  it('maps a filtered-stream post: thread = its conversation, quoted post from includes, retweets ignored', () => {
    const line = (data: Record<string, unknown>, includes: Record<string, unknown> = {}) =>
      Buffer.from(JSON.stringify({ data, includes, matching_rules: [{ id: '1', tag: 'agora:1' }] }));
    const [reply] = parseXWebhook(
      line(
        {
          id: '9',
          text: 'Pareil chez Banque Exemple',
          author_id: '5',
          conversation_id: '8',
          created_at: '2026-05-01T10:00:00.000Z',
          referenced_tweets: [{ type: 'quoted', id: '7' }],
        },
        {
          users: [
            { id: '5', name: 'Nina', username: 'nina' },
            { id: '6', name: 'Léo', username: 'leo' },
          ],
          tweets: [{ id: '7', text: 'Ma banque me facture tout', author_id: '6' }],
        },
      ),
      ACCOUNT,
    );
    expect(reply).toMatchObject({
      kind: 'message',
      itemId: '9',
      channel: 'x',
      threadKey: '8',
      createdAt: '2026-05-01T10:00:00.000Z',
      author: { handle: 'nina', displayName: 'Nina' },
      body: 'Pareil chez Banque Exemple\n\n> Citation de @leo : « Ma banque me facture tout »',
    });
    expect(
      parseXWebhook(line({ id: '10', text: 'RT', author_id: '5', referenced_tweets: [{ type: 'retweeted', id: '9' }] }), ACCOUNT)[0],
    ).toMatchObject({ kind: 'ignored' });
    expect(parseXWebhook(line({ id: '11', text: 'Notre offre', author_id: ACCOUNT }), ACCOUNT)[0]).toMatchObject({
      fromBank: true,
      threadKey: '11',
    });
  });
});

describe('X filtered stream: documented shapes', () => {
  it('maps the documented v2 Tweet (data + includes) delivered as a stream line', () => {
    const lookup = JSON.parse(fixture('x_v2_tweets_lookup_with_includes.json').toString()) as {
      data: Record<string, unknown>[];
      includes: Record<string, unknown>;
    };
    const line = Buffer.from(
      JSON.stringify({ data: lookup.data[0], includes: lookup.includes, matching_rules: [{ id: '1273026480692322304', tag: 'agora:1' }] }),
    );
    const [item] = parseXWebhook(line, ACCOUNT);
    expect(item).toMatchObject({
      kind: 'message',
      itemId: '1307025659294674945',
      channel: 'x',
      conversationKind: 'public',
      threadKey: '1304102743196356610',
      replyToPlatformId: '1307025659294674945',
      fromBank: false,
      createdAt: '2020-09-18T18:36:15.000Z',
      author: { platformUserId: '2244994945', handle: 'TwitterDev' },
    });
    expect((item as { body: string }).body.startsWith('Here’s an article that highlights the updates in the new Tweet payload v2')).toBe(
      true,
    );
  });
});
