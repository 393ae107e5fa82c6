import { foldedWords, PhraseMatcher } from './phrase-matcher.ts';

// Insult and troll detection. Rule 4: never answer an insult, but answer every need for
// explanation, even a vehement one — so unfavourable-but-civil words ("honteux", "nul",
// "scandaleux", "je change de banque") are deliberately absent from these lists.

export interface InsultResult {
  insult: boolean;
  reason?: string;
}

/** Leetspeak and look-alike characters used to dodge filters (c0nnard, @bruti, $alope). */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '@': 'a', $: 's', '5': 's', '7': 't', '€': 'e', '!': 'i' };

/**
 * Canonical form for matching: lowercase, accents folded, leet mapped, letters spaced or dotted
 * one by one re-joined ("c.o.n" / "c o n n a r d" -> "con" / "connard"), repeated letters
 * collapsed ("connnnard" -> "conard"). Lexicon entries go through the same function.
 */
export function canonicalize(text: string): string {
  let t = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  t = t.replace(/[013457@$€!]/g, (c, offset: number, whole: string) => {
    // Map leet only inside words, so "5 €" or "code 1234" stay digits.
    const prev = whole[offset - 1] ?? ' ';
    const next = whole[offset + 1] ?? ' ';
    return /[a-z]/.test(prev) || /[a-z]/.test(next) ? (LEET[c] ?? c) : c;
  });
  // Join single letters separated by dots, dashes, stars or spaces: "c.o.n.n.a.r.d".
  t = t.replace(/\b(?:[a-z][.\-*_ ]){2,}[a-z]\b/g, (m) => m.replace(/[.\-*_ ]/g, ''));
  t = t.replace(/\*/g, '');
  t = t.replace(/([a-z])\1+/g, '$1');
  return t;
}

// Direct insults (words that call someone something).
const INSULT_WORDS = [
  'connard',
  'connasse',
  'conard',
  'con',
  'conne',
  'cons',
  'abruti',
  'abrutis',
  'debile',
  'debiles',
  'cretin',
  'cretins',
  'idiot',
  'idiots',
  'imbecile',
  'imbeciles',
  'enfoire',
  'enfoires',
  'salaud',
  'salauds',
  'salope',
  'pute',
  'putes',
  'encule',
  'encules',
  'batard',
  'batards',
  'bouffon',
  'bouffons',
  'guignol',
  'guignols',
  'tocard',
  'tocards',
  'blaireau',
  'blaireaux',
  'ordure',
  'ordures',
  'pourri',
  'pourris',
  'fdp',
  'ntm',
  'tg',
  'merdeux',
  'mongol',
  'attarde',
  'attardes',
  'moron',
  'morons',
  'asshole',
  'assholes',
  'bastard',
  'bastards',
  'bitch',
  'dickhead',
  'scumbag',
  'scumbags',
  'wanker',
  'twat',
  'cunt',
  'retard',
  'retards',
  'jerk',
  'jerks',
  'clowns',
  'incapables',
  'branleur',
  'branleurs',
  'raclure',
];
const INSULT_PHRASES = [
  'ta gueule',
  'ferme ta gueule',
  'fermez vos gueules',
  'fils de pute',
  'nique ta mere',
  'nique ta',
  'va te faire',
  'allez vous faire',
  'bande de nuls',
  'bande d incapables',
  'bande de cons',
  'bande de voleurs',
  'bande d escrocs',
  'fuck you',
  'fuck off',
  'screw you',
  'piece of shit',
  'shut up',
  'go to hell',
  'you idiots',
  'sale con',
];
const THREAT_PHRASES = [
  'je vais vous tuer',
  'je vais te tuer',
  'vais vous buter',
  'je vais bruler',
  'bruler votre agence',
  'bruler l agence',
  'vous allez le payer',
  'je sais ou tu habites',
  'je sais ou vous habitez',
  'faire sauter',
  'kill you',
  'burn down',
  'i will find you',
  'je vais venir vous',
  'vous allez crever',
  'je vais te retrouver',
];
const HATE_PHRASES = [
  'sale arabe',
  'sale juif',
  'sale noir',
  'sale negre',
  'bougnoule',
  'youpin',
  'pd',
  'tapette',
  'sale pede',
  'nazis',
  'sous race',
  'faggot',
  'nigger',
  'kike',
];
// Who the insult targets: staff makes it "insulte envers le personnel".
const STAFF_TARGETS = [
  'conseiller',
  'conseillere',
  'conseillers',
  'employe',
  'employes',
  'personnel',
  'guichetier',
  'guichetiere',
  'standardiste',
  'directeur',
  'directrice',
  'cm',
  'community manager',
  'service client',
  'vous etes',
  't es',
  'tu es',
  'vous',
  'votre equipe',
  'advisor',
  'staff',
  'you are',
  'your team',
  'agent',
  'agents',
  'manager',
];

const INSULT_SET = new Set(INSULT_WORDS.map(canonicalize));
const matcher = (phrases: string[]) => new PhraseMatcher(phrases.map(canonicalize));
const INSULT_PHRASE_LIST = matcher(INSULT_PHRASES);
const THREAT_LIST = matcher(THREAT_PHRASES);
const HATE_LIST = matcher(HATE_PHRASES);
const STAFF_LIST = matcher(STAFF_TARGETS);

function isInsultWord(t: string): boolean {
  if (INSULT_SET.has(t)) return true;
  // Plurals and feminine forms: "connards", "abruties" match "connard", "abruti".
  if (t.length > 3 && t.endsWith('s')) return INSULT_SET.has(t.slice(0, -1)) || (t.endsWith('es') && INSULT_SET.has(t.slice(0, -2)));
  if (t.length > 3 && t.endsWith('e')) return INSULT_SET.has(t.slice(0, -1));
  return false;
}

const OBFUSCATION_SIGNS = /[a-z][0-9@$€*.\-_!][a-z]|\b[a-z][ .\-*_][a-z][ .\-*_][a-z]\b/i;

/** folded: foldForMatching(text), passed in when the caller already computed it. */
export function detectInsult(text: string, folded?: string): InsultResult {
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  // Full canonicalisation (leet, spaced letters) only when the text shows signs of it.
  const canonical =
    folded !== undefined && !OBFUSCATION_SIGNS.test(sample)
      ? folded
          .replace(/[0-9]+/g, ' ')
          .replace(/([a-z])\1+/g, '$1')
          .replace(/ {2,}/g, ' ')
      : ` ${canonicalize(sample).replace(/[^a-z]+/g, ' ')} `;
  const tokens = foldedWords(canonical);
  if (THREAT_LIST.first(tokens)) return { insult: true, reason: 'menace' };
  if (HATE_LIST.first(tokens)) return { insult: true, reason: 'propos haineux ou discriminatoire' };
  const word = tokens.find(isInsultWord);
  const phrase = INSULT_PHRASE_LIST.first(tokens);
  if (!word && !phrase) return { insult: false };
  // "con" is ambiguous in French text ("à la con" aside, it is mostly a fragment after cleaning):
  // count it only after a determiner or intensifier, as in "un gros con", "bande de cons".
  if ((word === 'con' || word === 'cons' || word === 'cone' || word === 'cones') && !phrase) {
    if (
      !/ (?:un|le|la|les|des|de|d|une|sale|espece de|bande de|vous|vs|etes|es|t|quel|quels|quelle|gros|grose|pauvre|vieux|vieile|vrai|vraie|grand) (?:con|cone|cons|cones) /.test(
        canonical,
      )
    ) {
      return { insult: false };
    }
  }
  const target = STAFF_LIST.first(tokens) !== undefined;
  return { insult: true, reason: target ? 'insulte envers le personnel' : 'insulte ou grossièreté' };
}
