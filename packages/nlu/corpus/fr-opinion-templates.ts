// General-topic French opinion tweets (energy, climate, politics, transport, society, sport...),
// written for this project so the sentiment model also knows what tone looks like outside
// banking: listening picks up mentions in any conversation, not only requests to the bank.
// Used for sentiment training and as the "other" intent. Not derived from any dataset.
import type { Sentiment } from './template-engine.ts';

export const OPINION_POOLS: Record<string, readonly string[]> = {
  sujet: [
    "l'éolien", 'le solaire', 'le nucléaire', 'les énergies renouvelables', 'la transition énergétique', 'le climat',
    'la biodiversité', 'le recyclage', 'la voiture électrique', 'le vélo en ville', 'le tramway', 'la réforme des retraites',
    'le budget', 'la loi travail', "l'hôpital public", "l'école", 'le projet de loi', 'la COP', 'la géothermie',
    "l'agriculture bio", 'le gaz de schiste', 'les pesticides', 'la taxe carbone', 'le TGV', 'le télétravail', 'la fibre',
  ],
  acteur: ['le gouvernement', 'le ministre', 'la mairie', 'la région', "l'Europe", 'le président', 'les députés', 'le maire', 'la commission', "l'entreprise"],
  ville: ['Paris', 'Lyon', 'Nantes', 'Montréal', 'Bordeaux', 'Lille', 'Grenoble', 'Rennes', 'Marseille', 'Bruxelles', 'Genève', 'Strasbourg'],
  tag: ['#climat', '#ecologie', '#energie', '#COP21', '#environnement', '#politique', '#transition', '#nucleaire', '#eolien', '#actu', '#France', '#emploi'],
  lien: ['http', 'http', '', '@user', '@user http', 'via @user'],
  date: ['demain', 'ce soir', 'le 12 mars', 'cette semaine', 'lundi', 'en 2030', 'dès septembre'],
  chiffre: ['30 %', 'deux millions', '15 000 emplois', '3 milliards', 'un tiers', '40 %'],
  job: ['Ingénieur en énergies renouvelables', 'Chargé de mission environnement', 'Technicien de maintenance éolien', 'Chef de projet solaire', 'Stagiaire développement durable'],
};

export interface OpinionTemplates {
  sentiment: Sentiment;
  templates: string[];
}

export const OPINION_TEMPLATES: OpinionTemplates[] = [
  {
    sentiment: 'neutral',
    templates: [
      '{$acteur} présente {$date} son plan sur {$sujet} {$lien}',
      'Rapport publié sur {$sujet} en {France|Europe|Afrique} : les principaux chiffres {$lien} {$tag|}',
      '{$job} H/F à {$ville} {#Emploi|#job|} {$lien}',
      'Conférence sur {$sujet} à {$ville} {$date} {$lien}',
      '{$sujet} : ce qui change {$date} {$lien}',
      'Débat {$date} à {$ville} autour de {$sujet} {$tag}',
      'Que pensez-vous de {$sujet} ? {$tag|}',
      '{$ville} : réunion publique sur {$sujet} {$date} {$lien}',
      '{$chiffre} des Français utilisent {$sujet} selon une étude {$lien}',
      'Le point sur {$sujet} avec {$acteur} {$lien}',
      '{$acteur} annonce une consultation sur {$sujet} {$lien}',
      'Nouvelle étude : {$sujet} et {$sujet} {$lien} {$tag}',
      'En direct : {$acteur} s’exprime sur {$sujet} {$lien}',
      '{$sujet} à {$ville} : le calendrier des travaux {$lien}',
    ],
  },
  {
    sentiment: 'positive',
    templates: [
      '{Bravo|Félicitations|Chapeau} à {$ville|$acteur} pour {son engagement sur|cette belle avancée sur} {$sujet} {!|👏|} {$lien|}',
      '{Bonne nouvelle|Excellente nouvelle|Enfin une bonne nouvelle} : {$sujet} {progresse|avance|se développe|gagne du terrain} {à $ville|en France|} {$lien|}',
      '{Oui à|Vive|Pour} {$sujet} {!|, c’est l’avenir|, enfin|} {$tag|}',
      '{$sujet} {est une vraie solution|crée des emplois|protège la planète|réduit la pollution|fait baisser les factures} {$lien|}',
      'Fier de {voir|soutenir} {$sujet} à {$ville} {💚|!|}',
      '{Super|Magnifique|Superbe|Très belle} {initiative|réussite|inauguration} {à $ville|de $acteur} sur {$sujet} {$lien|}',
      '{Merci|Un grand merci} à {$acteur|tous les bénévoles} pour {$sujet} {🙏|!|}',
      '{Belle victoire|Succès|Réussite} pour {$sujet} {$date|} {!|} {$tag|}',
      '{$sujet} : un {espoir|progrès|pas en avant} {formidable|réel|enfin} {$lien|}',
      "J'adore {l'idée de|} {$sujet} {à $ville|}, {génial|top|excellent} {$tag|}",
    ],
  },
  {
    sentiment: 'negative',
    templates: [
      '{$sujet} {menace|détruit|pollue|défigure|saccage} {les paysages|la planète|nos emplois|nos campagnes} {$lien|}',
      '{Non|Stop|Halte} {à|au projet de} {$sujet} {!|} {$tag|}',
      '{Scandale|Honte|Catastrophe|Fiasco} : {$acteur} {abandonne|sacrifie|ment sur} {$sujet} {$lien|}',
      '{$sujet}, {un échec|une arnaque|un désastre|une catastrophe|une folie} {total|annoncé|de plus} {$lien|}',
      '{Inquiétant|Alarmant|Grave} : {$sujet} {recule|coûte $chiffre de plus|est en danger} {$lien|}',
      '{$acteur} {se moque de nous|nous ment|ne fait rien} sur {$sujet} {😡|!|}',
      '{Encore une|Nouvelle} {hausse|taxe|fermeture|pollution} à cause de {$sujet} {, ras le bol|, marre|} {$lien|}',
      '{Triste|Dramatique|Terrible} {de voir|:} {$sujet} {abandonné|en crise|à l’arrêt} à {$ville} {$lien|}',
      '{Accident|Fuite|Incident} {grave|inquiétant} lié à {$sujet} à {$ville} {$lien|}',
      '{Je suis contre|Opposé à|Contre} {$sujet}, {c’est dangereux|trop cher|inutile} {$tag|}',
    ],
  },
];
