import { AppError, conflict, forbidden, notFound } from '../../platform/errors.ts';

export const answerNotFound = () => notFound('answer_not_found', 'Réponse introuvable.');
export const answerWrongState = (expected: string) =>
  conflict('answer_wrong_state', `Cette action n'est possible que sur une version ${expected}.`);
export const answerSelfApproval = () =>
  forbidden('answer_self_approval', "L'auteur d'une version ne peut pas l'approuver : un second regard est requis.");
export const answerNotOffered = () => conflict('answer_not_offered', "Cette réponse n'est pas publiée ou n'est plus valide.");
export const notificationNotFound = () => notFound('notification_not_found', 'Notification introuvable.');
export const macroNotFound = () => notFound('macro_not_found', 'Macro introuvable.');
export const macroActionFailed = (reason: string) => new AppError('conflict', 'macro_failed', `La macro n'a rien modifié : ${reason}`);
