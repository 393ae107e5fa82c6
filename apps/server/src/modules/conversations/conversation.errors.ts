import { AppError } from '../../platform/errors.ts';

export const conversationNotFound = () =>
  new AppError('not_found', 'conversation_not_found', "Cette conversation n'existe pas ou ne vous est pas accessible.");
export const replyModeNotAllowed = (mode: string, notice: string | null = null) =>
  new AppError(
    'validation',
    'reply_mode_not_allowed',
    notice ?? `Ce canal ne permet pas une réponse ${mode === 'public' ? 'publique' : 'privée'} ici.`,
  );
export const replyTooLong = (max: number) =>
  new AppError('validation', 'reply_too_long', `La réponse dépasse la limite de ${max} caractères de ce canal.`);
export const assigneeNotAllowed = () =>
  new AppError(
    'validation',
    'assignee_not_allowed',
    "Cette personne ne peut pas prendre cette conversation (compte inactif ou hors de l'équipe).",
  );
export const invalidCursor = () => new AppError('validation', 'invalid_cursor', 'Curseur de pagination invalide.');
export const insultNotAnswered = (reason: string) =>
  new AppError(
    'conflict',
    'insult_not_answered',
    `Nous ne répondons pas aux insultes (non répondu : ${reason}). Une question posée ensuite sans insulte rouvrira la conversation.`,
  );
export const replyBlocked = (code: string, reason: string) => new AppError('validation', `reply_blocked_${code}`, reason);
export const approvalNotFound = () =>
  new AppError('not_found', 'approval_not_found', "Cette réponse n'attend pas de validation ou ne vous est pas accessible.");
export const selfApproval = () =>
  new AppError('forbidden', 'self_approval', 'Une seconde personne doit valider : vous ne pouvez pas valider votre propre réponse.');
