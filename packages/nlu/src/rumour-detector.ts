import { foldedWords, PhraseMatcher } from './phrase-matcher.ts';
import { foldForMatching } from './text-features.ts';

// Rumour and crisis vocabulary (rule 7: catch weak signals early). A hit flags the message so
// listening can count unusual volume of these terms and alert before the wave.
const RUMOUR_TERMS = [
  'faillite',
  'en faillite',
  'bank run',
  'bankrun',
  'ruee sur les guichets',
  'ruee bancaire',
  'retirez votre argent',
  'retirez vos economies',
  'retirez tout',
  'videz vos comptes',
  'sortez votre argent',
  'fermez vos comptes',
  'la banque va couler',
  'la banque coule',
  'banque va fermer',
  'cessation de paiement',
  'comptes geles',
  'gel des comptes',
  'bail in',
  'insolvable',
  'insolvabilite',
  'liquidation judiciaire',
  'piratage massif',
  'fuite de donnees',
  'fuite massive',
  'cyberattaque',
  'bankrupt',
  'bankruptcy',
  'withdraw your money',
  'withdraw your savings',
  'get your money out',
  'bank is collapsing',
  'bank collapse',
  'massive hack',
  'data breach',
  'data leak',
  'frozen accounts',
  'insolvent',
  'plus de cash dans les distributeurs',
  'distributeurs vides',
  'la banque ment',
  'rumeur',
  'on nous cache',
];
const RUMOURS = new PhraseMatcher(RUMOUR_TERMS);

/** folded: foldForMatching(text), passed in when the caller already computed it. */
export function detectRumour(text: string, folded?: string): boolean {
  const canonical = folded ?? foldForMatching(text);
  return RUMOURS.first(foldedWords(canonical)) !== undefined;
}
