import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../connector.types.ts';
import { parsePlayReviewsPage, replyPlatformId, splitTitle, timestampIso } from './google-play.mapper.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const examples = JSON.parse(fixture('google_play_reviews_get_translate_reply_examples.json').toString()) as Record<string, unknown>;

describe('Google Play mapper on the documented reviews.list response', () => {
  const items = parsePlayReviewsPage(fixture('google_play_reviews_list_response.json'));

  it('makes one public conversation per review, keyed by reviewId, with stars and time', () => {
    expect(items[0]).toEqual({
      kind: 'message',
      itemId: '12345678:1443676826.713000000',
      channel: 'google_play',
      conversationKind: 'public',
      threadKey: '12345678',
      platformMessageId: '12345678',
      replyToPlatformId: '12345678',
      author: { platformUserId: 'review:12345678', handle: null, displayName: 'Jane Bloggs', profileUrl: null, avatarUrl: null },
      fromBank: false,
      body: 'This is the best app ever!',
      attachments: [],
      createdAt: '2015-10-01T05:20:26.713Z',
      rating: 5,
      title: null,
    });
  });

  it('reads the developerComment as the bank’s own reply, under the id a sent reply gets', () => {
    expect(items.map((i) => i.kind === 'message' && [i.threadKey, i.fromBank, i.body])).toEqual([
      ['12345678', false, 'This is the best app ever!'],
      ['11223344', false, 'I love using this app!'],
      ['11223344', true, "That's great to hear!"],
    ]);
    const reply = items[2];
    expect(reply?.kind === 'message' && reply.platformMessageId).toBe(
      replyPlatformId('11223344', { seconds: '1423101467', nanos: 813000000 }),
    );
    expect(reply?.kind === 'message' && reply.createdAt).toBe(timestampIso({ seconds: '1423101467', nanos: 813000000 }));
  });

  it('maps the single-review GET shape and the translated list item the same way', () => {
    const single = parsePlayReviewsPage(Buffer.from(JSON.stringify({ reviews: [examples.reviews_get_response] })));
    expect(single).toEqual([
      expect.objectContaining({
        threadKey: '87654321',
        body: 'This app is awesome!',
        rating: 5,
        author: expect.objectContaining({ displayName: 'Joan Smith' }),
      }),
    ]);
    const translated = parsePlayReviewsPage(
      Buffer.from(JSON.stringify({ reviews: [examples.reviews_list_item_with_translationLanguage] })),
    );
    expect(translated[0]).toMatchObject({ body: 'This is the best app ever!', itemId: '12345678:1443676826.713000000' });
  });

  it('splits "title TAB body" as the guide describes', () => {
    expect(splitTitle('Appli lente\tImpossible de valider un virement')).toEqual({
      title: 'Appli lente',
      body: 'Impossible de valider un virement',
    });
    expect(splitTitle('Pas de titre')).toEqual({ title: null, body: 'Pas de titre' });
    const [item] = parsePlayReviewsPage(
      Buffer.from(
        JSON.stringify({
          reviews: [
            {
              reviewId: 'r1',
              comments: [{ userComment: { text: 'Bug\tÇa plante', starRating: 1, lastModified: { seconds: '1700000000' } } }],
            },
          ],
        }),
      ),
    );
    expect(item).toMatchObject({ title: 'Bug', body: 'Ça plante', rating: 1, author: { displayName: 'Utilisateur Google Play' } });
  });

  it('gives an edited review a new item id but the same platformMessageId (ingest applies it as an edit)', () => {
    const version = (seconds: string, text: string) =>
      parsePlayReviewsPage(
        Buffer.from(
          JSON.stringify({
            reviews: [{ reviewId: 'r2', comments: [{ userComment: { text, starRating: 2, lastModified: { seconds, nanos: 5 } } }] }],
          }),
        ),
      )[0];
    const first = version('1700000000', 'Avant');
    const edited = version('1700000100', 'Après');
    expect(first?.itemId).not.toBe(edited?.itemId);
    expect(first?.kind === 'message' && first.platformMessageId).toBe(edited?.kind === 'message' && edited.platformMessageId);
  });

  it('refuses bad JSON and shapes', () => {
    expect(() => parsePlayReviewsPage(Buffer.from('{'))).toThrow(MalformedPayloadError);
    expect(() => parsePlayReviewsPage(Buffer.from('{"reviews":{}}'))).toThrow(MalformedPayloadError);
    expect(() => parsePlayReviewsPage(Buffer.from('{"reviews":[{"authorName":"x"}]}'))).toThrow(MalformedPayloadError);
    expect(parsePlayReviewsPage(Buffer.from('{}'))).toEqual([]);
  });
});
