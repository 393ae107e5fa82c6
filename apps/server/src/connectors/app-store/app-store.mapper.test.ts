import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../connector.types.ts';
import { parseAppStoreReviewsPage, responsePlatformId } from './app-store.mapper.ts';

const fixture = readFileSync(new URL('./fixtures/app_store_connect_customer_reviews_response.json', import.meta.url));

describe('App Store mapper on the documented customerReviews response', () => {
  it('makes one public conversation per review with rating, title, nickname and territory', () => {
    expect(parseAppStoreReviewsPage(fixture)).toEqual([
      {
        kind: 'message',
        itemId: '00000028-b08c-0014-729e-fbd500000000',
        channel: 'app_store',
        conversationKind: 'public',
        threadKey: '00000028-b08c-0014-729e-fbd500000000',
        platformMessageId: '00000028-b08c-0014-729e-fbd500000000',
        replyToPlatformId: '00000028-b08c-0014-729e-fbd500000000',
        author: {
          platformUserId: 'review:00000028-b08c-0014-729e-fbd500000000',
          handle: null,
          displayName: 'Anne Johnson (USA)',
          profileUrl: null,
          avatarUrl: null,
        },
        fromBank: false,
        body: "It's a really fantastic app!",
        attachments: [],
        // 2017-11-15T08:10:34-08:00, in UTC.
        createdAt: '2017-11-15T16:10:34.000Z',
        rating: 5,
        title: 'Awesome!!!',
      },
    ]);
  });

  it('reads an included developer response as the bank’s own message, under the id a sent one gets', () => {
    const page = JSON.parse(fixture.toString()) as { data: { relationships: Record<string, unknown> }[]; included?: unknown[] };
    const response = {
      type: 'customerReviewResponses' as const,
      id: 'resp-1',
      attributes: { responseBody: 'Merci !', lastModifiedDate: '2017-11-16T10:00:00-08:00', state: 'PUBLISHED' as const },
    };
    page.data[0]!.relationships = { response: { data: { type: 'customerReviewResponses', id: 'resp-1' } } };
    page.included = [response];
    const items = parseAppStoreReviewsPage(Buffer.from(JSON.stringify(page)));
    expect(items[1]).toMatchObject({
      kind: 'message',
      fromBank: true,
      body: 'Merci !',
      threadKey: '00000028-b08c-0014-729e-fbd500000000',
      platformMessageId: responsePlatformId(response),
    });
  });

  it('refuses bad JSON and shapes', () => {
    expect(() => parseAppStoreReviewsPage(Buffer.from('nope'))).toThrow(MalformedPayloadError);
    expect(() => parseAppStoreReviewsPage(Buffer.from('{"data":{}}'))).toThrow(MalformedPayloadError);
    expect(() => parseAppStoreReviewsPage(Buffer.from('{"data":[{"type":"customerReviews"}]}'))).toThrow(MalformedPayloadError);
    expect(parseAppStoreReviewsPage(Buffer.from('{"data":[]}'))).toEqual([]);
  });
});
