import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NormalizedItem } from '../connector.types.ts';
import { parseMetaWebhook } from './meta.webhook.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const json = (name: string) => JSON.parse(fixture(name).toString()) as Record<string, unknown>;
const ids = { pageId: '104857600000001', instagramId: '17841400000000001' };
const parse = (value: unknown, accountIds = ids) => parseMetaWebhook(Buffer.from(JSON.stringify(value)), accountIds);
type Message = Extract<NormalizedItem, { kind: 'message' }>;
const asMessage = (item: NormalizedItem | undefined) => {
  if (item?.kind !== 'message') throw new Error(`expected a message, got ${JSON.stringify(item)}`);
  return item as Message;
};

describe('Meta mapper: Page feed', () => {
  it('maps a visitor post as a public facebook message threaded on itself', () => {
    const items = parseMetaWebhook(fixture('meta_page_feed_post_webhook.json'), ids);
    expect(items).toEqual([
      {
        kind: 'message',
        itemId: '{page-post-id}',
        channel: 'facebook',
        conversationKind: 'public',
        threadKey: '{page-post-id}',
        platformMessageId: '{page-post-id}',
        replyToPlatformId: '{page-post-id}',
        author: {
          platformUserId: '{user-id}',
          handle: null,
          displayName: 'Cinderella Hoover',
          profileUrl: 'https://www.facebook.com/{user-id}',
          avatarUrl: null,
        },
        fromBank: false,
        body: "It's Thursday and I want to eat cake.",
        attachments: [],
        createdAt: '2018-03-08T21:33:34.000Z',
      },
    ]);
  });

  it('maps comments on the post, replies to comments, the bank’s own comment and an edit', () => {
    const items = parseMetaWebhook(fixture('meta_page_feed_comment_webhook.json'), ids);
    expect(items).toHaveLength(4);
    const [comment, reply, ours, edit] = items;
    expect(asMessage(comment)).toMatchObject({
      itemId: '812345678901234_998877665544332',
      channel: 'facebook',
      conversationKind: 'public',
      threadKey: '104857600000001_812345678901234',
      platformMessageId: '812345678901234_998877665544332',
      replyToPlatformId: '812345678901234_998877665544332',
      author: {
        platformUserId: '24023456789012345',
        displayName: 'Camille Martin',
        profileUrl: 'https://www.facebook.com/24023456789012345',
      },
      fromBank: false,
      body: 'Bonjour, ma carte est bloquée depuis ce matin, que faire ?',
      createdAt: '2024-03-14T09:12:04.000Z',
    });
    expect(asMessage(reply)).toMatchObject({
      itemId: '812345678901234_998877665544400',
      threadKey: '104857600000001_812345678901234',
      replyToPlatformId: '812345678901234_998877665544400',
      fromBank: false,
    });
    expect(asMessage(ours)).toMatchObject({ fromBank: true, author: { displayName: 'Banque Agora' } });
    expect(edit).toEqual({
      kind: 'update',
      itemId: '812345678901234_998877665544332:edited:1710407801',
      channel: 'facebook',
      threadKey: '104857600000001_812345678901234',
      platformMessageId: '812345678901234_998877665544332',
      change: 'edited',
      body: 'Bonjour, ma carte est bloquée depuis ce matin !',
      at: '2024-03-14T09:16:41.000Z',
    });
  });

  it('keeps the photo of a photo post or of a comment', () => {
    const [post] = json('meta_page_feed_post_webhook.json') as unknown as { entry: { changes: { value: Record<string, unknown> }[] }[] }[];
    const value = post?.entry[0]?.changes[0]?.value;
    if (!value) throw new Error('fixture shape');
    Object.assign(value, { item: 'photo', link: 'https://scontent.xx.fbcdn.net/photo.jpg' });
    expect(asMessage(parse([post])[0]).attachments).toEqual([
      { type: 'image', url: 'https://scontent.xx.fbcdn.net/photo.jpg', name: null },
    ]);
    Object.assign(value, { item: 'comment', comment_id: 'c_1', photo: 'https://scontent.xx.fbcdn.net/c.jpg' });
    expect(asMessage(parse([post])[0]).attachments).toEqual([{ type: 'image', url: 'https://scontent.xx.fbcdn.net/c.jpg', name: null }]);
  });

  it('gives an ignored item and a change the same id on re-delivery, distinct from the message', () => {
    const first = parseMetaWebhook(fixture('meta_page_feed_changes_webhook.json'), ids);
    const again = parseMetaWebhook(fixture('meta_page_feed_changes_webhook.json'), ids);
    expect(first.map((i) => i.itemId)).toEqual(again.map((i) => i.itemId));
    expect(first[6]?.kind).toBe('ignored');
    expect(first[0]?.itemId).not.toBe('812345678901234_998877665544332');
  });

  it('maps comment edits, hides, unhides and removals, post edits and removals, and ignores reactions', () => {
    const [edit, hide, unhide, removed, postEdit, postRemoved, reaction] = parseMetaWebhook(
      fixture('meta_page_feed_changes_webhook.json'),
      ids,
    );
    const thread = '104857600000001_812345678901234';
    const at = '2024-03-14T09:20:00.000Z';
    expect(edit).toMatchObject({
      kind: 'update',
      change: 'edited',
      threadKey: thread,
      platformMessageId: '812345678901234_998877665544332',
      body: 'Bonjour, ma carte est bloquée depuis ce matin, merci de me rappeler !',
      at,
    });
    expect(hide).toEqual({
      kind: 'update',
      itemId: '812345678901234_998877665544400:hidden:1710408000',
      channel: 'facebook',
      threadKey: thread,
      platformMessageId: '812345678901234_998877665544400',
      change: 'hidden',
      at,
    });
    expect(unhide).toMatchObject({ kind: 'update', change: 'unhidden', itemId: '812345678901234_998877665544400:unhidden:1710408000' });
    expect(removed).toMatchObject({ kind: 'update', change: 'deleted', platformMessageId: '812345678901234_998877665544500' });
    expect(removed).not.toHaveProperty('body');
    expect(postEdit).toMatchObject({
      kind: 'update',
      change: 'edited',
      threadKey: '104857600000001_812345678909999',
      platformMessageId: '104857600000001_812345678909999',
      body: 'Toujours pas de réponse, je reposte ma question.',
    });
    expect(postRemoved).toMatchObject({ kind: 'update', change: 'deleted', platformMessageId: '104857600000001_812345678909999' });
    expect(reaction).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('reaction') });
  });
});

describe('Meta mapper: Messenger', () => {
  const examples = json('meta_messenger_messages_webhook_examples.json');
  const delivery = (...events: unknown[]) => ({ object: 'page', entry: [{ id: ids.pageId, time: 1458692752478, messaging: events }] });

  it('maps a text message as a private messenger message threaded on the sender PSID', () => {
    const [item] = parse(delivery(examples.text_message));
    expect(item).toEqual({
      kind: 'message',
      itemId: 'mid.1457764197618:41d102a3e1ae206a38',
      channel: 'messenger',
      conversationKind: 'private',
      threadKey: '<PSID>',
      platformMessageId: 'mid.1457764197618:41d102a3e1ae206a38',
      replyToPlatformId: null,
      author: { platformUserId: '<PSID>', handle: null, displayName: '<PSID>', profileUrl: null, avatarUrl: null },
      fromBank: false,
      body: 'hello, world!',
      attachments: [],
      createdAt: '2016-03-23T00:25:52.478Z',
    });
  });

  it('maps a reply message by its own mid', () => {
    expect(asMessage(parse(delivery(examples.reply_message))[0]).itemId).toBe('m_1457764197618:41d102a3e1ae206a38');
  });

  it('keeps documented attachment types and skips the placeholder one', () => {
    const entry = examples.message_with_attachment_entry as { messaging: { message: { attachments: { type: string }[] } }[] };
    expect(asMessage(parse({ object: 'page', entry: [entry] })[0]).attachments).toEqual([]);
    const withImage = structuredClone(entry);
    const first = withImage.messaging[0]?.message.attachments[0];
    if (first) first.type = 'image';
    expect(asMessage(parse({ object: 'page', entry: [withImage] })[0])).toMatchObject({
      itemId: 'mid.$cAAJdkrCd2ORnva8ErFhjGm0X_Q_c',
      body: '',
      attachments: [{ type: 'image', url: '<ATTACHMENT_URL>', name: null }],
    });
  });

  it('marks echoes and messages sent by the Page as fromBank, threaded on the recipient', () => {
    const echo = { ...(examples.text_message as object), message: { mid: 'm_echo', text: 'Bonjour', is_echo: true } };
    expect(asMessage(parse(delivery(echo))[0])).toMatchObject({ fromBank: true, threadKey: '<PAGE_ID>' });
    const fromPage = { sender: { id: ids.pageId }, recipient: { id: '<PSID>' }, timestamp: 1, message: { mid: 'm_page', text: 'Bonjour' } };
    expect(asMessage(parse(delivery(fromPage))[0])).toMatchObject({ fromBank: true, threadKey: '<PSID>' });
  });

  it('ignores delivery and read receipts', () => {
    const receipt = { sender: { id: '<PSID>' }, recipient: { id: ids.pageId }, timestamp: 1, delivery: { mids: ['m_1'], watermark: 1 } };
    const read = { sender: { id: '<PSID>' }, recipient: { id: ids.pageId }, timestamp: 1, read: { watermark: 1 } };
    const items = parse(delivery(receipt, read));
    expect(items.map((i) => i.kind)).toEqual(['ignored', 'ignored']);
    expect(items[0]?.itemId).not.toBe(items[1]?.itemId);
  });
});

describe('Meta mapper: Instagram', () => {
  it('maps a comment in the entry.field/value shape as a public instagram message threaded on the media', () => {
    const [item] = parseMetaWebhook(fixture('meta_instagram_comments_webhook.json'), ids);
    expect(asMessage(item)).toMatchObject({
      itemId: '<COMMENT_ID>',
      channel: 'instagram',
      conversationKind: 'public',
      threadKey: '<MEDIA_ID>',
      platformMessageId: '<COMMENT_ID>',
      replyToPlatformId: '<COMMENT_ID>',
      author: {
        platformUserId: '<INSTAGRAM_SCOPED_USER_ID>',
        handle: '<USERNAME>',
        displayName: '<USERNAME>',
        profileUrl: 'https://www.instagram.com/<USERNAME>',
      },
      fromBank: false,
      body: '<COMMENT_TEXT>',
      attachments: [],
    });
  });

  it('maps a comment and a comment mention in the changes[] shape', () => {
    const [comment, mention] = parseMetaWebhook(fixture('meta_instagram_comments_changes_webhook.json'), ids);
    expect(asMessage(comment)).toMatchObject({
      itemId: '17865799348089039',
      threadKey: '18023345989012587',
      replyToPlatformId: '17865799348089039',
      author: { handle: 'camille.martin', profileUrl: 'https://www.instagram.com/camille.martin' },
      body: "Vos frais à l'étranger ont changé ?",
      createdAt: '2019-01-17T01:04:03.000Z',
    });
    expect(mention).toEqual({
      kind: 'message',
      itemId: 'mention:17894227972186120',
      channel: 'instagram',
      conversationKind: 'public',
      threadKey: 'mention:17918195224117851',
      platformMessageId: '17894227972186120',
      replyToPlatformId: '17894227972186120',
      author: {
        platformUserId: 'mention:17894227972186120',
        handle: null,
        displayName: 'Mention Instagram',
        profileUrl: null,
        avatarUrl: null,
      },
      fromBank: false,
      body: expect.stringContaining('commentaire'),
      attachments: [],
      createdAt: '2019-01-17T01:04:03.000Z',
    });
  });

  it('maps a caption mention in the entry.field/value shape, threaded on the media', () => {
    const [mention] = parseMetaWebhook(fixture('meta_instagram_mentions_webhook.json'), ids);
    expect(asMessage(mention)).toMatchObject({
      itemId: 'mention:17920238422030506',
      threadKey: 'mention:17920238422030506',
      platformMessageId: '17920238422030506',
      replyToPlatformId: null,
      body: expect.stringContaining('légende'),
      createdAt: '2024-03-14T09:36:40.000Z',
    });
  });

  it('ignores a mention without media_id', () => {
    const items = parse({ object: 'instagram', entry: [{ id: ids.instagramId, time: 1, field: 'mentions', value: { comment_id: '1' } }] });
    expect(items).toEqual([expect.objectContaining({ kind: 'ignored', reason: expect.stringContaining('media_id') })]);
  });

  it('marks a comment by the bank’s Instagram account as fromBank', () => {
    const payload = json('meta_instagram_comments_webhook.json') as unknown as { entry: { value: { from: { id: string } } }[] }[];
    const entry = payload[0]?.entry[0];
    if (entry) entry.value.from.id = ids.instagramId;
    expect(asMessage(parse(payload)[0]).fromBank).toBe(true);
  });

  it('maps DMs as instagram_dm with attachments, echoes as fromBank, and ignores read receipts', () => {
    const [inbound, echo, read] = parseMetaWebhook(fixture('meta_instagram_messaging_webhook.json'), ids);
    expect(asMessage(inbound)).toMatchObject({
      itemId: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAw',
      channel: 'instagram_dm',
      conversationKind: 'private',
      threadKey: '6543210987654321',
      fromBank: false,
      body: 'Bonjour, je voudrais ouvrir un livret A.',
      attachments: [{ type: 'image', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1234&signature=abc', name: null }],
    });
    expect(asMessage(echo)).toMatchObject({ fromBank: true, threadKey: '6543210987654321' });
    expect(read).toMatchObject({ kind: 'ignored' });
  });
});

describe('Meta mapper: Instagram stories', () => {
  it('maps a story reply and a story mention as DMs that link the story by its CDN address', () => {
    const [reply, mention] = parseMetaWebhook(fixture('meta_instagram_story_messaging_webhook.json'), ids);
    expect(asMessage(reply)).toMatchObject({
      channel: 'instagram_dm',
      threadKey: '6543210987654321',
      body: 'Le nouveau livret, il rapporte combien ?',
      attachments: [
        { type: 'image', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=5678&signature=def', name: 'Story de la banque' },
      ],
    });
    expect(asMessage(mention)).toMatchObject({
      channel: 'instagram_dm',
      body: '',
      attachments: [
        { type: 'image', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=9012&signature=ghi', name: 'Mention dans une story' },
      ],
    });
  });
});

describe('Meta mapper: unknown objects', () => {
  it('keeps an unsupported object as one ignored item with a stable id', () => {
    const sample = json('meta_graph_webhook_event_notification_sample.json');
    const first = parse(sample.body);
    expect(first).toEqual([{ kind: 'ignored', itemId: expect.stringMatching(/^meta:/), reason: expect.stringContaining('user') }]);
    expect(parse(sample.body)[0]?.itemId).toBe(first[0]?.itemId);
  });

  it('keeps an unknown Page field as ignored', () => {
    const items = parse({ object: 'page', entry: [{ id: ids.pageId, time: 1, changes: [{ field: 'ratings', value: { verb: 'add' } }] }] });
    expect(items).toEqual([expect.objectContaining({ kind: 'ignored', reason: expect.stringContaining('ratings') })]);
  });
});
