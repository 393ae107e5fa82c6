import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';

export const queryNotFound = () => notFound('listening_query_not_found', 'Requête d’écoute introuvable.');
export const queryNameTaken = () => conflict('listening_query_name_taken', 'Une requête porte déjà ce nom.');
export const querySyntax = (message: string, position: number) =>
  invalid('listening_query_syntax', `Requête invalide : ${message} (position ${position + 1}).`, { position });
export const mentionNotFound = () => notFound('mention_not_found', 'Mention introuvable.');
export const mentionNotAnswerable = () =>
  new AppError('validation', 'mention_not_answerable', 'Cette mention ne peut pas recevoir de réponse ici : ouvrez-la sur son site.');
export const conversationNotReady = () =>
  new AppError('unavailable', 'conversation_not_ready', 'La conversation est en cours de création ; réessayez dans un instant.');
export const alertNotFound = () => notFound('listening_alert_not_found', 'Alerte introuvable.');
export const feedNotFound = () => notFound('listening_feed_not_found', 'Flux introuvable.');
export const feedTaken = () => conflict('listening_feed_taken', 'Ce flux est déjà suivi.');
export const webhookNotFound = () => notFound('listening_webhook_not_found', 'Webhook introuvable.');
export const webhookTaken = () => conflict('listening_webhook_taken', 'Ce webhook existe déjà.');
export const badRange = () => invalid('listening_bad_range', 'La période demandée est invalide (début après fin, ou plus d’un an).');
