import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../connector.types.ts';
import { createLiveChatConnector } from './live-chat.connector.ts';
import { encodeLiveChatDelivery } from './live-chat.payload.ts';

const visitorId = '6f1c2a7e-3b4d-4c5e-8f90-a1b2c3d4e5f6';
const messageId = '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';
const connector = createLiveChatConnector();

describe('live chat connector', () => {
  it('refuses every request to the public webhook route: only the chat routes store deliveries', () => {
    const rawBody = encodeLiveChatDelivery({
      type: 'message',
      visitorId,
      messageId,
      text: 'Bonjour',
      attachments: [],
      at: '2026-03-10T10:00:00.000Z',
      visitor: { name: null, email: null },
      topic: null,
    });
    expect(connector.verify({ rawBody, headers: {} })).toBe(false);
  });

  it('maps a visitor message to a private live_chat conversation keyed by the visitor', () => {
    const rawBody = encodeLiveChatDelivery({
      type: 'message',
      visitorId,
      messageId,
      text: 'Ma carte est bloquée',
      attachments: [{ type: 'image', url: '/api/live-chat/uploads/x', name: 'capture.png' }],
      at: '2026-03-10T10:00:00.000Z',
      visitor: { name: 'Camille', email: 'camille@example.org' },
      topic: 'Carte bancaire',
    });
    const [item] = connector.parse(rawBody);
    expect(item).toMatchObject({
      kind: 'message',
      itemId: `live_chat:${messageId}`,
      channel: 'live_chat',
      conversationKind: 'private',
      threadKey: visitorId,
      platformMessageId: messageId,
      author: { platformUserId: visitorId, displayName: 'Camille', handle: 'camille@example.org' },
      body: 'Ma carte est bloquée',
      title: 'Carte bancaire',
      fromBank: false,
    });
  });

  it('names an anonymous visitor and keeps the e-mail of an offline message in its body', () => {
    const anonymous = connector.parse(
      encodeLiveChatDelivery({
        type: 'message',
        visitorId,
        messageId,
        text: 'Bonjour',
        attachments: [],
        at: 'x',
        visitor: { name: null, email: null },
        topic: null,
      }),
    );
    expect(anonymous[0]).toMatchObject({ author: { displayName: 'Visiteur 6F1C', handle: null } });
    const offline = connector.parse(
      encodeLiveChatDelivery({
        type: 'offline',
        visitorId,
        messageId,
        text: 'Rappelez-moi',
        at: 'x',
        visitor: { name: null, email: 'a@b.fr' },
      }),
    );
    expect(offline[0]).toMatchObject({ kind: 'message', body: expect.stringContaining('a@b.fr'), title: 'Message hors horaires' });
    expect(offline[0]).toMatchObject({ body: expect.stringContaining('Rappelez-moi') });
  });

  it('rejects what is not its format', () => {
    expect(() => connector.parse(Buffer.from('{'))).toThrow(MalformedPayloadError);
    expect(() => connector.parse(Buffer.from('{"type":"message"}'))).toThrow(MalformedPayloadError);
  });

  it('offers private replies up to 5000 characters and names a reply the same way on every attempt', async () => {
    expect(connector.replyOptions('live_chat', { conversationKind: 'private', lastInboundAt: null, now: new Date() })).toEqual({
      modes: ['private'],
      maxLength: 5000,
      counting: 'characters',
      notice: null,
    });
    const reply = {
      channel: 'live_chat' as const,
      mode: 'private' as const,
      threadKey: visitorId,
      replyToPlatformId: null,
      recipientPlatformUserId: visitorId,
      body: 'Bonjour',
      idempotencyKey: 'reply-1',
      lastInboundAt: null,
    };
    const sent = await connector.send(reply);
    expect(await connector.findSent?.(reply)).toEqual(sent);
    expect(connector.handshake({}).status).toBe(404);
  });
});
