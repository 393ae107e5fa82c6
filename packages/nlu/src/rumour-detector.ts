// Rumour and crisis vocabulary (rule 7: catch weak signals early). A hit flags the message so
// listening can count unusual volume of these terms and alert before the wave.
const RUMOUR_TERMS = [
  'faillite', 'en faillite', 'bank run', 'bankrun', 'ruee sur les guichets', 'ruee bancaire', 'retirez votre argent',
  'retirez vos economies', 'retirez tout', 'videz vos comptes', 'sortez votre argent', 'fermez vos comptes',
  'la banque va couler', 'la banque coule', 'banque va fermer', 'cessation de paiement', 'comptes geles', 'gel des comptes',
  'bail in', 'insolvable', 'insolvabilite', 'liquidation judiciaire', 'piratage massif', 'fuite de donnees', 'fuite massive',
  'cyberattaque', 'bankrupt', 'bankruptcy', 'withdraw your money', 'withdraw your savings', 'get your money out',
  'bank is collapsing', 'bank collapse', 'massive hack', 'data breach', 'data leak', 'frozen accounts', 'insolvent',
  'plus de cash dans les distributeurs', 'distributeurs vides', 'la banque ment', 'scandale', 'rumeur', 'on nous cache',
];
const CANONICAL = RUMOUR_TERMS.map((t) => ` ${t} `);

export function detectRumour(text: string): boolean {
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  const canonical = ` ${sample
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')} `;
  return CANONICAL.some((t) => canonical.includes(t));
}
