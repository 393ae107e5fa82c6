import { AppError } from '../../platform/errors.ts';

export const conversationNotFound = () =>
  new AppError('not_found', 'conversation_not_found', "Cette conversation n'existe pas ou ne vous est pas accessible.");
export const replyModeNotAllowed = (mode: string) =>
  new AppError('validation', 'reply_mode_not_allowed', `Ce canal ne permet pas une réponse ${mode === 'public' ? 'publique' : 'privée'} ici.`);
export const assigneeNotAllowed = () =>
  new AppError('validation', 'assignee_not_allowed', "Cette personne ne peut pas prendre cette conversation (compte inactif ou hors de l'équipe).");
export const invalidCursor = () => new AppError('validation', 'invalid_cursor', 'Curseur de pagination invalide.');
