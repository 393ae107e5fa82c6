import { type CorpusAuthor, generateAuthors } from './corpus-authors.ts';
import {
  EN_FILLERS,
  EN_FOLLOW_UPS,
  EN_TEMPLATES,
  FILLERS,
  FR_FOLLOW_UPS,
  FR_TEMPLATES,
  TOPIC_MEDIA,
  TOPIC_WEIGHTS,
  type Topic,
} from './corpus-templates.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

export type MessageStyle = 'tweet' | 'comment' | 'dm' | 'review';

export interface CorpusMessage {
  text: string;
  /** The filled template before the style pass (typos, emoji…): what tests count as distinct. */
  baseText: string;
  lang: 'fr' | 'en';
  topic: Topic | 'follow_up';
  /** Name of a demo image under /cdn/ (without extension), for DMs that carry a screenshot. */
  mediaName: string | null;
}

export interface Corpus {
  readonly authors: readonly CorpusAuthor[];
  message(style: MessageStyle, lang?: 'fr' | 'en'): CorpusMessage;
  /** What the same person writes next in their thread. */
  followUp(style: MessageStyle, lang: 'fr' | 'en'): CorpusMessage;
  readonly rng: SeededRandom;
}

const SMS_SPELLING: readonly (readonly [RegExp, string])[] = [
  [/\bje sais pas\b/gi, 'jsp'],
  [/\bpourquoi\b/gi, 'pq'],
  [/\bbeaucoup\b/gi, 'bcp'],
  [/\baujourd'hui\b/gi, 'ajd'],
  [/\bs'il vous plaît\b/gi, 'svp'],
  [/\brendez-vous\b/gi, 'rdv'],
  [/\bmessage\b/gi, 'msg'],
  [/\bquelque chose\b/gi, 'qqch'],
  [/\bc'est\b/gi, 'c'],
  [/\bje comprends pas\b/gi, 'jcomprends pas'],
  [/\bvous\b/gi, 'vs'],
  [/\bpas\b/gi, 'pa'],
  [/\bquoi\b/gi, 'koi'],
];
const EMOJI: Partial<Record<Topic | 'follow_up', readonly string[]>> = {
  praise: ['😍', '🙏', '👏', '❤️', '👍'],
  fees: ['😡', '🤬', '😤', '💸'],
  app_outage: ['😩', '🙄', '😤', '📱'],
  angry_civil: ['😠', '😞'],
  card: ['😰', '😬', '💳'],
  transfer: ['😕', '⏳', '🤔'],
  follow_up: ['🙏', '😕', '👍'],
};
const FR_DM_OPENERS = ['Bonjour, ', 'Bonsoir, ', 'Bonjour ', 'Salut, ', 'Hello, ', ''];
const FR_DM_CLOSERS = [" Merci d'avance.", ' Cordialement', ' Merci', ' Bonne journée', '', ''];
const HASHTAGS = ['#BanqueExemple', '#panne', '#service', '#banque', '#frais', '#SAV'];

const stripAccents = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');

function fill(rng: SeededRandom, template: string, lang: 'fr' | 'en'): string {
  return template.replace(/\{(\w+)\}/g, (whole, slot: string) => {
    const options = (lang === 'en' ? EN_FILLERS[slot] : undefined) ?? FILLERS[slot];
    return options ? rng.pick(options) : whole;
  });
}

/** Swaps two adjacent letters of one longer word: the most common thumb typo. */
function addTypo(rng: SeededRandom, text: string): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^[a-zà-ÿ]{5,}$/i.test(w));
  if (candidates.length === 0) return text;
  const [word, index] = rng.pick(candidates);
  const at = rng.int(1, word.length - 2);
  words[index] = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  return words.join(' ');
}

/** Adds the noise of real social traffic; French gets the SMS spelling and missing accents. */
function stylise(rng: SeededRandom, text: string, style: MessageStyle, lang: 'fr' | 'en', topic: Topic | 'follow_up'): string {
  let out = text;
  if (lang === 'fr') {
    if (style === 'dm' && rng.chance(0.6)) {
      const closer = rng.pick(FR_DM_CLOSERS);
      const body = closer && !/[.!?)]$/.test(out) ? `${out}.` : out;
      out = rng.pick(FR_DM_OPENERS) + body.charAt(0).toLowerCase() + body.slice(1) + closer;
    }
    if (rng.chance(0.25)) out = stripAccents(out);
    if (rng.chance(0.15)) for (const [pattern, short] of SMS_SPELLING) out = out.replace(pattern, short);
  }
  if (rng.chance(0.1)) out = addTypo(rng, out);
  const emoji = EMOJI[topic];
  if (emoji && rng.chance(0.3)) out = `${out} ${rng.pick(emoji)}`;
  if (rng.chance(0.08)) out = out.toLowerCase();
  if ((topic === 'fees' || topic === 'angry_civil') && rng.chance(0.1)) out = `${out.replace(/[.!?]*$/, '')} !!!`;
  if (style === 'tweet' && rng.chance(0.2)) out = `${out} ${rng.pick(HASHTAGS)}`;
  if (style === 'review') out = `${'★'.repeat(rng.int(1, 5)).padEnd(5, '☆')} ${out}`;
  // A tweet holds 280 characters; the mention is added in front by the payload builder.
  return style === 'tweet' ? out.slice(0, 260) : out;
}

/** A deterministic generator of bank-customer messages: the same seed, the same sequence. */
export function createCorpus(seed: number, authorCount = 80): Corpus {
  const rng = createSeededRandom(seed);
  const authors = generateAuthors(createSeededRandom(seed ^ 0x5eed), authorCount);
  return {
    authors,
    rng,
    message(style, lang) {
      const language = lang ?? (rng.chance(0.8) ? 'fr' : 'en');
      const topic = rng.weighted(TOPIC_WEIGHTS);
      const templates = language === 'fr' ? FR_TEMPLATES[topic] : EN_TEMPLATES[topic];
      const baseText = fill(rng, rng.pick(templates), language);
      const media = TOPIC_MEDIA[topic];
      const mediaName = style === 'dm' && media && rng.chance(0.25) ? media : null;
      return { text: stylise(rng, baseText, style, language, topic), baseText, lang: language, topic, mediaName };
    },
    followUp(style, lang) {
      const baseText = fill(rng, rng.pick(lang === 'fr' ? FR_FOLLOW_UPS : EN_FOLLOW_UPS), lang);
      const mediaName = style === 'dm' && /capture|screenshot/i.test(baseText) ? 'erreur-503' : null;
      return { text: stylise(rng, baseText, style, lang, 'follow_up'), baseText, lang, topic: 'follow_up', mediaName };
    },
  };
}
