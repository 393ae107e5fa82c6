import { randomUUID } from 'node:crypto';
import type { BusEvent } from '@agora/contracts/events.schema.ts';
import { encodeLiveChatDelivery } from '../../connectors/live-chat/live-chat.payload.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { storeDelivery } from '../ingest/raw-delivery.repository.ts';
import { cleanFileName, sniffFileType } from './file-sniffing.ts';
import {
  findUploadMeta,
  findVisitorByTokenHash,
  findVisitorConversation,
  insertUpload,
  insertVisitor,
  updateVisitor,
  type Visitor,
  visitorMessages,
} from './live-chat.repository.ts';
import { CHAT_TOPICS, type VisitorMessage } from './live-chat.schema.ts';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;
export const staffUploadUrl = (uploadId: string) => `/api/live-chat/uploads/${uploadId}`;

/** The visitor behind a cookie token, or null (unknown, or a token of another bank). */
export async function resumeVisitor(deps: AppDeps, token: string | undefined): Promise<Visitor | null> {
  if (!token || token.length > 100) return null;
  const visitor = await findVisitorByTokenHash(deps.database.db, deps.bankId, sha256Hex(token));
  return visitor;
}

/** A new anonymous visitor; the token goes in the cookie, only its hash is stored. */
export async function createVisitor(deps: AppDeps, language: 'fr' | 'en'): Promise<{ visitor: Visitor; token: string }> {
  const token = randomToken(32);
  const visitor = await insertVisitor(deps.database.db, { id: randomUUID(), bankId: deps.bankId, tokenHash: sha256Hex(token), language });
  return { visitor, token };
}

export async function touchVisitor(deps: AppDeps, visitor: Visitor, language: 'fr' | 'en') {
  await updateVisitor(deps.database.db, deps.bankId, visitor.id, { last_seen_at: new Date(), language });
}

export async function savePrechat(
  deps: AppDeps,
  visitor: Visitor,
  input: { name: string; email: string; topic: keyof typeof CHAT_TOPICS },
) {
  await updateVisitor(deps.database.db, deps.bankId, visitor.id, {
    name: input.name,
    email: input.email,
    topic: input.topic,
    prechat_done: true,
  });
}

/** Stores the file after checking what it really is; the message that carries it comes after. */
export async function saveUpload(deps: AppDeps, visitor: Visitor, bytes: Buffer, rawName: string | undefined) {
  if (bytes.byteLength === 0) throw new AppError('validation', 'empty_file', 'Le fichier est vide.');
  if (bytes.byteLength > MAX_UPLOAD_BYTES)
    throw new AppError('payload_too_large', 'payload_too_large', 'Fichier trop volumineux : 5 Mo au maximum.');
  const sniffed = sniffFileType(bytes);
  if (!sniffed) throw new AppError('validation', 'unsupported_type', 'Type de fichier refusé : images ou PDF uniquement.');
  const id = randomUUID();
  const fileName = cleanFileName(rawName, sniffed);
  await insertUpload(deps.database.db, {
    id,
    bankId: deps.bankId,
    visitorId: visitor.id,
    contentType: sniffed.mime,
    fileName,
    data: new Uint8Array(bytes),
  });
  return { id, name: fileName, type: sniffed.kind, contentType: sniffed.mime, size: bytes.byteLength, url: `/chat/api/uploads/${id}` };
}

/**
 * A visitor's message enters the same path as a platform's: a raw delivery, woken into ingest
 * (NLU, routing, outbox, the inbox's live update). Attachments must be the visitor's own uploads.
 */
export async function sendVisitorMessage(
  deps: AppDeps,
  visitor: Visitor,
  input: { text: string; attachments: string[] },
  prechatRequired: boolean,
): Promise<VisitorMessage> {
  if (prechatRequired && !visitor.prechatDone)
    throw new AppError('conflict', 'prechat_required', 'Présentez-vous avant de commencer la discussion.');
  if (!input.text && input.attachments.length === 0)
    throw new AppError('validation', 'empty_message', 'Écrivez un message ou joignez un fichier.');
  const ids = [...new Set(input.attachments)];
  const uploads = await findUploadMeta(deps.database.db, deps.bankId, ids, visitor.id);
  // Someone else's upload is reported exactly like a missing one.
  if (uploads.length !== ids.length) throw new AppError('not_found', 'upload_not_found', 'Fichier introuvable.');
  const messageId = randomUUID();
  const at = new Date().toISOString();
  const attachments = uploads.map((u) => ({
    type: u.content_type.startsWith('image/') ? ('image' as const) : ('file' as const),
    url: staffUploadUrl(u.id),
    name: u.file_name,
  }));
  const first = visitor.firstMessageAt === null;
  await storeDelivery(
    deps.database,
    'live_chat',
    encodeLiveChatDelivery({
      type: 'message',
      visitorId: visitor.id,
      messageId,
      text: input.text,
      attachments,
      at,
      visitor: { name: visitor.name, email: visitor.email },
      topic: first && visitor.topic ? (CHAT_TOPICS[visitor.topic as keyof typeof CHAT_TOPICS] ?? null) : null,
    }),
  );
  deps.wakeIngest();
  if (first) await updateVisitor(deps.database.db, deps.bankId, visitor.id, { first_message_at: new Date(at) });
  return {
    id: messageId,
    from: 'visitor',
    text: input.text,
    attachments: uploads.map((u) => ({
      type: u.content_type.startsWith('image/') ? 'image' : 'file',
      url: `/chat/api/uploads/${u.id}`,
      name: u.file_name,
    })),
    at,
    agentName: null,
  };
}

/** Outside opening hours: the message becomes a conversation that carries the e-mail to answer. */
export async function leaveOfflineMessage(
  deps: AppDeps,
  visitor: Visitor,
  input: { name?: string; email: string; text: string },
): Promise<VisitorMessage> {
  const messageId = randomUUID();
  const at = new Date().toISOString();
  const name = input.name || visitor.name;
  // The e-mail is known now: coming back, the visitor goes on in the chat without the form.
  await updateVisitor(deps.database.db, deps.bankId, visitor.id, { name: name ?? null, email: input.email, prechat_done: true });
  await storeDelivery(
    deps.database,
    'live_chat',
    encodeLiveChatDelivery({
      type: 'offline',
      visitorId: visitor.id,
      messageId,
      text: input.text,
      at,
      visitor: { name: name ?? null, email: input.email },
    }),
  );
  deps.wakeIngest();
  return { id: messageId, from: 'visitor', text: input.text, attachments: [], at, agentName: null };
}

export const historyOf = (deps: AppDeps, visitor: Visitor) => visitorMessages(deps.database.db, deps.bankId, visitor.id);

/** Relays "the visitor is typing" to the staff who may see the conversation (once it exists). */
export async function publishVisitorTyping(deps: AppDeps, visitorId: string) {
  const conversation = await findVisitorConversation(deps.database.db, deps.bankId, visitorId);
  if (!conversation) return;
  await deps.bus.publish(typingEvent(deps.bankId, conversation, 'contact'), randomUUID());
}

export function typingEvent(
  bankId: string,
  conversation: { id: string; team_id: string; advisor_id: string | null },
  typing: 'contact' | 'staff',
): BusEvent {
  return {
    type: 'conversation.typing',
    bankId,
    conversationId: conversation.id,
    teamId: conversation.team_id,
    advisorId: conversation.advisor_id,
    messageId: null,
    at: new Date().toISOString(),
    typing,
  };
}
