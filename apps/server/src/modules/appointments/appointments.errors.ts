import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';

/** The appointments module's errors: a stable code and a sentence a client or an advisor understands. */
export const appointmentErrors = {
  notFound: () => notFound('appointment_not_found', "Ce rendez-vous n'existe pas."),
  noAdvisor: () => conflict('no_advisor', "Vous n'avez pas encore de conseiller attitré : appelez votre agence pour prendre rendez-vous."),
  slotUnavailable: () =>
    conflict('slot_unavailable', "Ce créneau n'est pas (ou plus) proposé par votre conseiller : choisissez-en un autre."),
  slotTaken: () => conflict('slot_taken', 'Ce créneau vient d’être réservé : choisissez-en un autre.'),
  tooLate: (hours: number) =>
    conflict('change_too_late', `Ce rendez-vous commence dans moins de ${hours} heures : appelez votre conseiller pour le modifier.`),
  alreadyCancelled: () => conflict('appointment_cancelled', 'Ce rendez-vous est annulé.'),
  alreadyStarted: () => conflict('appointment_started', 'Ce rendez-vous a déjà commencé.'),
  noBranch: () => conflict('no_branch', "Votre conseiller ne reçoit pas en agence pour l'instant : choisissez le téléphone ou la vidéo."),
  branchNotFound: () => invalid('branch_not_found', "Cette agence n'existe pas."),
  notYourAgenda: () => forbidden('not_your_agenda', 'Vous ne pouvez consulter que votre propre agenda.'),
  notAdvisor: () => forbidden('not_an_advisor', 'Seuls les conseillers publient des disponibilités.'),
  exceptionNotFound: () => notFound('exception_not_found', "Cette absence n'existe pas."),
  roomClosed: () => new AppError('forbidden', 'room_closed', "La salle de ce rendez-vous n'est pas ouverte à cette heure-ci."),
  notVideo: () => conflict('not_video', "Ce rendez-vous n'a pas lieu en vidéo."),
};
