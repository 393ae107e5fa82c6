import { randomUUID } from 'node:crypto';
import { SECURE_ATTACHMENT_MAX_BYTES, type SecureAttachment } from '@agora/contracts/secure-messaging.schema.ts';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../platform/app-deps.ts';
import { decryptBytesForBank, decryptForBank, encryptBytesForBank, encryptForBank } from '../../platform/crypto/envelope.ts';
import type { DB } from '../../platform/db/db.types.ts';
import { cleanFileName, sniffFileType } from '../live-chat/file-sniffing.ts';
import { secureErrors } from './secure.errors.ts';
import { accessibleThread, mayAccess, type SecureActor, threadQuery } from './secure-access.ts';

const PENDING_TTL_MS = 24 * 3_600_000;
const MAX_PENDING_UPLOADS = 10;

const uploaderOf = (actor: SecureActor) =>
  actor.kind === 'client'
    ? { uploaded_by_client: actor.principal.clientId, uploaded_by_user: null }
    : { uploaded_by_client: null, uploaded_by_user: actor.principal.userId };

/**
 * Stores a file for a thread the actor may write to: its type read from its first bytes (the
 * name and header are claims), its name and contents sealed with the bank's data key. It waits
 * for the message that carries it.
 */
export async function uploadAttachment(
  deps: AppDeps,
  actor: SecureActor,
  threadId: string,
  bytes: Buffer,
  rawName: string | undefined,
): Promise<SecureAttachment> {
  const thread = await accessibleThread(deps.database.db, actor, threadId);
  if (thread.status === 'closed') throw secureErrors.threadClosed();
  if (bytes.byteLength === 0) throw secureErrors.emptyFile();
  if (bytes.byteLength > SECURE_ATTACHMENT_MAX_BYTES) throw secureErrors.fileTooLarge();
  const sniffed = sniffFileType(bytes);
  if (!sniffed) throw secureErrors.unsupportedType();
  const fileName = cleanFileName(rawName, sniffed);
  const uploader = uploaderOf(actor);
  // Files never sent are dropped after a day; and nobody stacks up more than a few unsent ones.
  await deps.database.db
    .deleteFrom('secure_attachments')
    .where('bank_id', '=', thread.bank_id)
    .where('message_id', 'is', null)
    .where('created_at', '<', new Date(Date.now() - PENDING_TTL_MS))
    .execute();
  const pending = await deps.database.db
    .selectFrom('secure_attachments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('thread_id', '=', thread.id)
    .where('message_id', 'is', null)
    .where((eb) =>
      uploader.uploaded_by_client !== null
        ? eb('uploaded_by_client', '=', uploader.uploaded_by_client)
        : eb('uploaded_by_user', '=', uploader.uploaded_by_user),
    )
    .executeTakeFirstOrThrow();
  if (Number(pending.n) >= MAX_PENDING_UPLOADS) throw secureErrors.tooManyPending();
  const id = randomUUID();
  const sealedName = await encryptForBank(deps, thread.bank_id, fileName);
  const { dataKeyId, sealed } = await encryptBytesForBank(deps, thread.bank_id, bytes);
  await deps.database.db
    .insertInto('secure_attachments')
    .values({
      id,
      bank_id: thread.bank_id,
      thread_id: thread.id,
      ...uploader,
      content_type: sniffed.mime,
      size_bytes: bytes.byteLength,
      file_name_sealed: sealedName,
      data_sealed: new Uint8Array(sealed),
      key_id: dataKeyId,
    })
    .execute();
  return { id, fileName, contentType: sniffed.mime, size: bytes.byteLength };
}

/** Gives the actor's own pending uploads of this thread to the message; anything else is refused. */
export async function attachToMessage(tx: Transaction<DB>, actor: SecureActor, threadId: string, messageId: string, ids: string[]) {
  if (ids.length === 0) return;
  const uploader = uploaderOf(actor);
  let query = tx
    .updateTable('secure_attachments')
    .set({ message_id: messageId })
    .where('bank_id', '=', actor.principal.bankId)
    .where('thread_id', '=', threadId)
    .where('message_id', 'is', null)
    .where('id', 'in', ids);
  query =
    uploader.uploaded_by_client !== null
      ? query.where('uploaded_by_client', '=', uploader.uploaded_by_client)
      : query.where('uploaded_by_user', '=', uploader.uploaded_by_user);
  const result = await query.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== new Set(ids).size) throw secureErrors.attachmentUnusable();
}

/** The sent attachments of a thread, by message (names unsealed; contents stay sealed until downloaded). */
export async function attachmentsOf(deps: AppDeps, bankId: string, threadId: string): Promise<Map<string, SecureAttachment[]>> {
  const rows = await deps.database.db
    .selectFrom('secure_attachments')
    .select(['id', 'message_id', 'content_type', 'size_bytes', 'file_name_sealed'])
    .where('bank_id', '=', bankId)
    .where('thread_id', '=', threadId)
    .where('message_id', 'is not', null)
    .orderBy('created_at')
    .execute();
  const byMessage = new Map<string, SecureAttachment[]>();
  for (const r of rows) {
    const list = byMessage.get(r.message_id!) ?? [];
    list.push({
      id: r.id,
      fileName: await decryptForBank(deps, bankId, r.file_name_sealed),
      contentType: r.content_type,
      size: r.size_bytes,
    });
    byMessage.set(r.message_id!, list);
  }
  return byMessage;
}

/**
 * A file for one of the thread's participants: the client of the thread, or staff who may see
 * it. A file not yet sent is its uploader's alone.
 */
export async function downloadAttachment(deps: AppDeps, actor: SecureActor, id: string) {
  const bankId = actor.principal.bankId;
  const row = await deps.database.db
    .selectFrom('secure_attachments')
    .select([
      'id',
      'thread_id',
      'message_id',
      'uploaded_by_client',
      'uploaded_by_user',
      'content_type',
      'file_name_sealed',
      'data_sealed',
      'key_id',
    ])
    .where('bank_id', '=', bankId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw secureErrors.attachmentNotFound();
  const thread = await threadQuery(deps.database.db, bankId).where('t.id', '=', row.thread_id).executeTakeFirst();
  if (!thread || !mayAccess(actor, thread)) throw secureErrors.attachmentNotFound();
  if (row.message_id === null) {
    const own =
      actor.kind === 'client' ? row.uploaded_by_client === actor.principal.clientId : row.uploaded_by_user === actor.principal.userId;
    if (!own) throw secureErrors.attachmentNotFound();
  }
  return {
    contentType: row.content_type,
    fileName: await decryptForBank(deps, bankId, row.file_name_sealed),
    data: await decryptBytesForBank(deps, bankId, row.key_id, row.data_sealed),
  };
}
