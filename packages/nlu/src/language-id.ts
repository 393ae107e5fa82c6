import { foldedWords } from './phrase-matcher.ts';
import { foldForMatching } from './text-features.ts';

// Language identification for short social text: fr / en / other.
// Function words and SMS spellings decide most messages ("jcomprends pa pk ma cb marche pa" has
// no accent and no dictionary word but five French chat forms); a char-trigram model trained on
// the project corpora decides the rest; script and foreign function words produce "other".

export type Language = 'fr' | 'en' | 'other';

/** The JSON shape of models/language.json (char trigram log-probabilities per language). */
export interface LanguageModelFile {
  kind: 'char-trigram';
  languages: ['fr', 'en'];
  /** trigram -> [log P(t|fr), log P(t|en)] for the most frequent trigrams. */
  trigrams: Record<string, [number, number]>;
  /** log-probability of an unseen trigram, per language. */
  unseen: [number, number];
}

const FR_WORDS = foldedSet(
  (
    'le la les un une des du de et est je tu il elle nous vous ils elles mon ma mes ton ta tes son sa ses notre votre vos leur ' +
    'ce cette ces qui que quoi pourquoi comment quand où ou mais donc car ne pas plus rien jamais toujours encore deja déjà ' +
    'avec sans pour par sur dans chez au aux en y a ai as avons avez ont suis es sommes etes êtes sont fait faire peux peut veux ' +
    'merci bonjour bonsoir salut svp stp bjr slt cb carte compte banque argent virement frais appli agence conseiller ' +
    'jcomprends jsuis chui pk pq pa mdr ptdr tkt bcp jsp jpp cest c’est ca ça oui non ouais trop grave vrmt mtn qd ds ns ke koi ' +
    'aussi tres très bien mal tout tous toute toutes rien personne alors puis depuis hier demain aujourd ajd auj moi toi lui eux ' +
    'avoir être etre mois jour jours semaine euros retrait paiement remboursement prélèvement prelevement solde'
  ).split(/\s+/),
);
const EN_WORDS = foldedSet(
  (
    'the a an and is are was were be been i you he she we they my your his her our their this that these those what why how ' +
    'when where who which not no yes do does did can could would should will have has had to of in on at for with from by ' +
    'it its me him us them there here just still yet again please thanks thank hi hello hey card account bank money transfer ' +
    'fee fees app branch my i’m im dont don’t cant can’t didnt isnt wont got get want need help pay paid payment refund ' +
    'pending top up cash atm why much many some any been being been today yesterday week'
  ).split(/\s+/),
);
// Function words of neighbouring languages that are neither French nor English.
const OTHER_WORDS = foldedSet(
  (
    'el los las una por para con pero muy mi tu su es está estoy tengo qué porque cuando dónde hola gracias cuenta tarjeta dinero ' +
    'der die das und ist nicht ich du wir sie mit für auf ein eine mein meine bitte danke hallo konto karte geld warum ' +
    'il lo gli della che per non sono mio mia grazie ciao conto perché ' +
    'não sim obrigado obrigada você conta cartão dinheiro olá ' +
    'het een en van ik je niet met voor dank hallo rekening'
  ).split(/\s+/),
);
// Words listed in several sets count for each; these are too ambiguous to count at all.
const AMBIGUOUS = new Set([
  'a',
  'de',
  'la',
  'en',
  'il',
  'es',
  'me',
  'no',
  'son',
  'sur',
  'per',
  'tu',
  'mi',
  'con',
  'die',
  'hallo',
  'ma',
  'et',
  'i',
]);

const FR_ELISIONS = new Set(['j', 'l', 'qu', 'd']);

const FRENCH_CHARS = /[éèêëàâîïôûùçœ]/g;
const OTHER_LATIN_CHARS = /[ñ¿¡ßäöãõ]/g;

export interface LanguageScores {
  fr: number;
  en: number;
  other: number;
}

/** Word lists are matched against folded words (no accents), like the text. */
function foldedSet(words: string[]): Set<string> {
  return new Set(words.map((w) => foldForMatching(w).trim()).filter((w) => w && !w.includes(' ')));
}

/** Installs the trigram model (done once by analyze.ts when models load). */
export function setLanguageModel(model: LanguageModelFile): void {
  trigramTable = buildTrigramTable(model);
}

/** folded: foldForMatching(text), passed in when the caller already computed it. */
export function identifyLanguage(text: string, hint?: 'fr' | 'en', folded?: string): Language {
  const sample = text.length > 2000 ? text.slice(0, 2000) : text;
  let latin = 0;
  let otherScript = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) latin++;
    else if (code < 0xc0) continue;
    else if (code <= 0x24f) latin++;
    else if ((code >= 0x370 && code < 0x2000) || (code >= 0x2e80 && code < 0xd800) || (code >= 0xf900 && code < 0xfb00)) otherScript++; // Greek, Cyrillic, Hebrew, Arabic, CJK...
  }
  if (otherScript > latin) return 'other';
  if (latin === 0) return hint ?? 'other'; // emoji, digits, punctuation only: nothing to decide on
  if (hint) return hint;

  const lower = sample.toLowerCase();
  const scores: LanguageScores = { fr: 0, en: 0, other: 0 };
  scores.fr += (lower.match(FRENCH_CHARS)?.length ?? 0) * 0.7;
  scores.other += (lower.match(OTHER_LATIN_CHARS)?.length ?? 0) * 1.5;
  const foldedSample = folded ?? foldForMatching(sample, 2000);
  const words = foldedWords(foldedSample);
  for (const word of words) {
    if (AMBIGUOUS.has(word)) continue;
    if (FR_ELISIONS.has(word)) scores.fr += 1; // l'appli, j'ai, qu'il, d'argent -> "l", "j", "qu", "d"
    if (FR_WORDS.has(word)) scores.fr += 1;
    if (EN_WORDS.has(word)) scores.en += 1;
    if (OTHER_WORDS.has(word)) scores.other += 1;
  }
  // Trigram evidence is soft (about one function word per 12 trigrams of margin) and only
  // consulted when the words leave the question open: it is the slow part.
  if (Math.abs(scores.fr - scores.en) < 2.5) {
    const trigram = trigramScores(foldedSample);
    scores.fr += trigram;
    scores.en -= trigram;
  }
  if (scores.other > scores.fr && scores.other > scores.en && scores.other >= 1.5) return 'other';
  if (Math.abs(scores.fr - scores.en) < 0.25 && scores.other > 0) return 'other';
  return scores.fr >= scores.en ? 'fr' : 'en';
}

/** Positive favours French, negative English; 0 when no model is loaded. */
function trigramScores(folded: string): number {
  const table = trigramTable;
  if (!table) return 0;
  // Letters a-z are 1..26, anything else (space, digit) is 0: the same alphabet as training.
  let a = 0;
  let b = 0;
  let diff = 0;
  let count = 0;
  for (let i = 0; i < folded.length && count < 300; i++) {
    const code = folded.charCodeAt(i);
    const c = code >= 97 && code <= 122 ? code - 96 : 0;
    if (i >= 2 && !(a === 0 && b === 0 && c === 0)) {
      diff += table[(a * 27 + b) * 27 + c] as number;
      count++;
    }
    a = b;
    b = c;
  }
  return Math.max(-4, Math.min(4, diff / 12));
}

/** log P(t|fr) - log P(t|en) for every trigram over 27 symbols, built once from the model file. */
let trigramTable: Float32Array | undefined;

function buildTrigramTable(model: LanguageModelFile): Float32Array {
  const table = new Float32Array(27 * 27 * 27).fill(model.unseen[0] - model.unseen[1]);
  const symbol = (ch: string) => (ch >= 'a' && ch <= 'z' ? ch.charCodeAt(0) - 96 : 0);
  for (const [trigram, [fr, en]] of Object.entries(model.trigrams)) {
    table[(symbol(trigram[0] as string) * 27 + symbol(trigram[1] as string)) * 27 + symbol(trigram[2] as string)] = fr - en;
  }
  return table;
}
