import { AppError } from '../../platform/errors.ts';

export const recentReplyByColleague = (name: string, secondsAgo: number) =>
  new AppError(
    'conflict',
    'recent_reply_by_colleague',
    `${name} a répondu il y a ${secondsAgo < 60 ? `${secondsAgo} s` : `${Math.round(secondsAgo / 60)} min`}. Envoyer quand même ?`,
    { by: name, secondsAgo },
  );
export const notAssignee = (assigneeName: string | null) =>
  new AppError(
    'forbidden',
    'not_assignee',
    assigneeName
      ? `Dans cette équipe, seule la personne assignée (${assigneeName}) peut répondre. Un superviseur peut reprendre la conversation.`
      : "Dans cette équipe, seule la personne assignée peut répondre : prenez d'abord la conversation.",
  );
export const teamNotFound = () => new AppError('not_found', 'team_not_found', "Cette équipe n'existe pas.");
export const staffNotFound = () => new AppError('not_found', 'staff_not_found', "Cette personne n'existe pas.");
export const transferNotAllowed = () =>
  new AppError('validation', 'transfer_not_allowed', "Cette personne ne fait pas partie de l'équipe choisie ou son compte est inactif.");
