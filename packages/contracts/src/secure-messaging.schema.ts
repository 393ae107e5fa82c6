import { z } from 'zod';

/**
 * Secure messaging between a client and their advisor (or a team of advisors), and the handoff
 * of a social conversation to it. Bodies travel in clear over TLS to the two parties only; they
 * are sealed at rest (see docs/secure-messaging.md).
 */
export const SECURE_BODY_MAX = 4000;
export const SECURE_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const SECURE_ATTACHMENTS_PER_MESSAGE = 5;

export const secureRecipientSchema = z.enum(['advisor', 'team']);
export type SecureRecipient = z.infer<typeof secureRecipientSchema>;

export const newSecureThreadSchema = z.object({
  subject: z.string().trim().min(1, 'Indiquez un objet.').max(120, 'Objet trop long : 120 caractères au maximum.'),
  body: z.string().trim().min(1, 'Écrivez votre message.').max(SECURE_BODY_MAX, 'Message trop long : 4 000 caractères au maximum.'),
  recipient: secureRecipientSchema.default('advisor'),
});
export type NewSecureThread = z.infer<typeof newSecureThreadSchema>;

/** An advisor writes first to one of their clients (the thread goes to the client's advisor). */
export const staffNewSecureThreadSchema = newSecureThreadSchema.omit({ recipient: true }).extend({
  clientId: z.string().uuid('Client invalide'),
});
export type StaffNewSecureThread = z.infer<typeof staffNewSecureThreadSchema>;

export const secureMessageInputSchema = z
  .object({
    body: z.string().trim().max(SECURE_BODY_MAX, 'Message trop long : 4 000 caractères au maximum.').default(''),
    attachmentIds: z.array(z.string().uuid('Pièce jointe invalide')).max(SECURE_ATTACHMENTS_PER_MESSAGE).default([]),
  })
  .refine((m) => m.body.length > 0 || m.attachmentIds.length > 0, { message: 'Écrivez un message ou joignez un fichier.', path: ['body'] });
export type SecureMessageInput = z.infer<typeof secureMessageInputSchema>;

export interface SecureAttachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}

export interface SecureMessage {
  id: string;
  author: 'client' | 'staff' | 'system';
  authorName: string | null;
  body: string;
  at: string;
  attachments: SecureAttachment[];
  /** Read receipt: the other side has opened the thread since this message arrived. */
  seen: boolean;
}

export interface SecureThreadSummary {
  id: string;
  subject: string;
  clientId: string;
  clientName: string;
  recipient: SecureRecipient;
  teamName: string | null;
  advisorName: string | null;
  status: 'open' | 'closed';
  lastMessageAt: string;
  /** Messages of the other side this reader has not opened yet. */
  unread: number;
  /** The thread's own SLA: the answer owed to the client is due then (null when none is owed). */
  responseDueAt: string | null;
  /** The social conversation it continues, when it came from a handoff. */
  originConversationId: string | null;
}

export interface SecureThreadDetail extends SecureThreadSummary {
  messages: SecureMessage[];
}

export interface SecureSummary {
  unread: number;
  threads: SecureThreadSummary[];
}

export interface HandoffLinkCreated {
  url: string;
  expiresAt: string;
}

export interface HandoffLinkStatus {
  status: 'valid' | 'expired' | 'used' | 'unknown';
  /** The network the conversation started on ('instagram', 'x'…), to say where it comes from. */
  platform: string | null;
  bankName: string | null;
}

export interface HandoffConfirmed {
  threadId: string;
}
