import { createHmac } from 'node:crypto';

/**
 * Deliveries shaped as Meta and X document them (see connectors/<platform>/fixtures), signed as
 * the platforms sign them. Ids are unique per call so tests never collide.
 */
let sequence = 0;
const nextId = () => `${Date.now()}${String(++sequence).padStart(4, '0')}`;

export function messengerDelivery(opts: {
  pageId: string;
  psid?: string;
  text: string;
  mid?: string;
  imageUrl?: string;
  timestamp?: number;
}) {
  const mid = opts.mid ?? `m_${nextId()}`;
  const psid = opts.psid ?? `psid${nextId()}`;
  const timestamp = opts.timestamp ?? Date.now();
  return {
    mid,
    psid,
    body: {
      object: 'page',
      entry: [
        {
          id: opts.pageId,
          time: timestamp,
          messaging: [
            {
              sender: { id: psid },
              recipient: { id: opts.pageId },
              timestamp,
              message: {
                mid,
                text: opts.text,
                ...(opts.imageUrl ? { attachments: [{ type: 'image', payload: { url: opts.imageUrl } }] } : {}),
              },
            },
          ],
        },
      ],
    },
  };
}

export function pageCommentDelivery(opts: {
  pageId: string;
  text: string;
  fromId?: string;
  fromName?: string;
  postId?: string;
  commentId?: string;
}) {
  const postId = opts.postId ?? `${opts.pageId}_${nextId()}`;
  const commentId = opts.commentId ?? `${postId.split('_')[1]}_${nextId()}`;
  const created = Math.floor(Date.now() / 1000);
  return {
    commentId,
    postId,
    body: {
      object: 'page',
      entry: [
        {
          id: opts.pageId,
          time: created,
          changes: [
            {
              field: 'feed',
              value: {
                item: 'comment',
                verb: 'add',
                post_id: postId,
                comment_id: commentId,
                parent_id: postId,
                message: opts.text,
                created_time: created,
                from: { id: opts.fromId ?? `u${nextId()}`, name: opts.fromName ?? 'Camille Martin' },
              },
            },
          ],
        },
      ],
    },
  };
}

export function xDmDelivery(opts: { accountId: string; senderId?: string; text: string; id?: string }) {
  const id = opts.id ?? nextId();
  const senderId = opts.senderId ?? `9${nextId()}`;
  return {
    id,
    senderId,
    body: {
      for_user_id: opts.accountId,
      direct_message_events: [
        {
          type: 'message_create',
          id,
          created_timestamp: String(Date.now()),
          message_create: {
            target: { recipient_id: opts.accountId },
            sender_id: senderId,
            message_data: { text: opts.text, entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } },
          },
        },
      ],
      users: {
        [senderId]: {
          id: senderId,
          created_timestamp: '1422556069340',
          name: 'Léa Dubois',
          screen_name: 'lea_dbs',
          protected: false,
          verified: false,
          followers_count: 12,
          friends_count: 40,
          statuses_count: 300,
        },
        [opts.accountId]: {
          id: opts.accountId,
          created_timestamp: '1422556069340',
          name: 'Banque Exemple',
          screen_name: 'BanqueExemple',
          protected: false,
          verified: true,
          followers_count: 5000,
          friends_count: 10,
          statuses_count: 900,
        },
      },
    },
  };
}

export const signMeta = (secret: string, raw: string) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
export const signX = (secret: string, raw: string) => `sha256=${createHmac('sha256', secret).update(raw).digest('base64')}`;

/** POSTs the exact bytes it signs. `signature: null` sends none; a string sends that one. */
export async function postSigned(
  baseUrl: string,
  platform: 'meta' | 'x',
  raw: string,
  secret: string,
  signature?: string | null,
): Promise<{ status: number; body: unknown }> {
  const header = platform === 'meta' ? 'x-hub-signature-256' : 'x-twitter-webhooks-signature';
  const value = signature === undefined ? (platform === 'meta' ? signMeta(secret, raw) : signX(secret, raw)) : signature;
  const response = await fetch(`${baseUrl}/webhooks/${platform}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(value === null ? {} : { [header]: value }) },
    body: raw,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
