import { type Mention, type MentionPage, mentionListQuerySchema } from '@agora/contracts/listening.schema.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../platform/app-deps.ts';
import { appendAudit } from '../../../platform/audit/audit.service.ts';
import { principalOf, requireStaff } from '../../../platform/auth/staff-principal.ts';
import { storeDelivery } from '../../ingest/raw-delivery.repository.ts';
import { mentionNotAnswerable, mentionNotFound } from '../listening.errors.ts';
import { withListening } from '../listening.tables.ts';
import { LISTENING_READERS } from '../listening-roles.ts';
import { findMentionRow, listMentions, toMention } from './mentions.repository.ts';

const uuid = /^[0-9a-f-]{36}$/i;
/** How long "answer" waits for the ingest worker to turn the post into a conversation. */
const ANSWER_WAIT_MS = 8_000;

export async function registerMentionRoutes(app: FastifyInstance, deps: AppDeps) {
  const db = withListening(deps.database.db);
  const tags = ['listening'];
  const readers = { preHandler: requireStaff(LISTENING_READERS) };

  app.get('/api/listening/mentions', { ...readers, schema: { tags } }, async (request): Promise<MentionPage> => {
    const filter = mentionListQuerySchema.parse(request.query);
    return listMentions(db, principalOf(request).bankId, filter);
  });

  app.get<{ Params: { id: string } }>(
    '/api/listening/mentions/:id',
    { ...readers, schema: { tags } },
    async (request): Promise<Mention> => {
      if (!uuid.test(request.params.id)) throw mentionNotFound();
      const row = await findMentionRow(db, principalOf(request).bankId, request.params.id);
      if (!row) throw mentionNotFound();
      return toMention(row);
    },
  );

  /**
   * "Answer": a mention becomes a conversation in one click. A post of the X stream is handed to
   * the ingest path exactly as X sent it (the same mapper, the same rules as any inbound post);
   * a mention that already is a conversation just returns it.
   */
  app.post<{ Params: { id: string } }>(
    '/api/listening/mentions/:id/conversation',
    { ...readers, config: { rateLimit: { max: 60, timeWindow: '1 minute' } }, schema: { tags } },
    async (request, reply) => {
      const p = principalOf(request);
      if (!uuid.test(request.params.id)) throw mentionNotFound();
      const row = await findMentionRow(db, p.bankId, request.params.id);
      if (!row) throw mentionNotFound();
      if (row.conversation_id) return { conversationId: row.conversation_id };
      if (row.source !== 'x_stream' || !row.raw) throw mentionNotAnswerable();
      const tweetId = row.item_key.replace(/^x:/, '');
      if (await storeDelivery(deps.database, 'x', Buffer.from(row.raw, 'utf8'))) deps.wakeIngest();
      await appendAudit(deps.database.db, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: `${p.displayName} (${p.role})`,
        action: 'listening.mention_to_conversation',
        targetType: 'mention',
        targetId: row.id,
        details: { channel: row.channel, itemKey: row.item_key },
      });
      const deadline = Date.now() + ANSWER_WAIT_MS;
      while (Date.now() < deadline) {
        const message = await deps.database.db
          .selectFrom('messages')
          .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
          .select(['conversations.id'])
          .where('messages.bank_id', '=', p.bankId)
          .where('conversations.channel', '=', 'x')
          .where('messages.platform_message_id', '=', tweetId)
          .executeTakeFirst();
        if (message) {
          await db
            .updateTable('mentions')
            .set({ conversation_id: message.id })
            .where('bank_id', '=', p.bankId)
            .where('id', '=', row.id)
            .where('conversation_id', 'is', null)
            .execute();
          return { conversationId: message.id };
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      // The worker is busy: the conversation will appear; the screen asks again.
      reply.code(202);
      return { conversationId: null };
    },
  );
}
