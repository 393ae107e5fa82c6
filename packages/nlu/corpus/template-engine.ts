// A tiny template language for the corpus generators, and the social-text noise functions.
//   {a|b|c}   pick one alternative (may be empty: {|bonjour })
//   {$pool}   pick one entry of a named pool (pools may contain templates themselves)
// Everything is driven by a seeded PRNG so a generator run is reproducible byte for byte.

export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function expandTemplate(template: string, pools: Record<string, readonly string[]>, random: Random, depth = 0): string {
  if (depth > 5) return template;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if (ch !== '{') {
      out += ch;
      i++;
      continue;
    }
    const close = template.indexOf('}', i);
    if (close < 0) throw new Error(`unclosed { in template: ${template}`);
    const body = template.slice(i + 1, close);
    if (body.startsWith('$') && !body.includes('|')) {
      const pool = pools[body.slice(1)];
      if (!pool) throw new Error(`unknown pool ${body} in: ${template}`);
      out += expandTemplate(pick(random, pool), pools, random, depth + 1);
    } else {
      // Alternatives may reference pools as bare $name (no nested braces needed).
      out += pick(random, body.split('|')).replace(/\$([a-z]+)/g, (_m, name: string) => {
        const pool = pools[name];
        if (!pool) throw new Error(`unknown pool $${name} in: ${template}`);
        return expandTemplate(pick(random, pool), pools, random, depth + 1);
      });
    }
    i = close + 1;
  }
  return depth === 0 ? tidy(out) : out;
}

/** Collapse doubled spaces and space-before-comma left by empty alternatives. */
function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.])/g, '$1')
    .replace(/^[\s,]+/, '')
    .trim()
    .replace(/^./, (c) => c.toUpperCase());
}

const ACCENT_MARKS = /[\u0300-\u036f]/g;

export function dropAccents(text: string): string {
  return text.normalize('NFD').replace(ACCENT_MARKS, '').normalize('NFC');
}

/** French SMS / chat spellings seen on social networks. Applied word by word, partially. */
const FR_SMS: [RegExp, string[]][] = [
  [/\bje suis\b/gi, ['jsuis', 'chui', 'j suis']],
  [/\bpourquoi\b/gi, ['pk', 'pq', 'pourkoi']],
  [/\bpas\b/gi, ['pa', 'pas']],
  [/\bc'est\b/gi, ['c', 'cest', 'c est']],
  [/\bquoi\b/gi, ['koi']],
  [/\bbeaucoup\b/gi, ['bcp']],
  [/\bs'il vous plaît\b/gi, ['svp', 'stp']],
  [/\bbonjour\b/gi, ['bjr', 'bonjour']],
  [/\baujourd'hui\b/gi, ['ajd', 'auj']],
  [/\btoujours\b/gi, ['tjrs', 'tjs']],
  [/\bje ne\b/gi, ['j', 'je']],
  [/\bje comprends\b/gi, ['jcomprends', 'jcomprend']],
  [/\bqu'est-ce que\b/gi, ['kesk', 'qu est ce que']],
  [/\bque\b/gi, ['ke', 'que']],
  [/\bcarte bancaire\b/gi, ['cb', 'carte bleue', 'CB']],
  [/\bmessage\b/gi, ['msg']],
  [/\bquand\b/gi, ['qd', 'kan']],
  [/\bmerci\b/gi, ['mci', 'merci', 'thx']],
  [/\bj'ai\b/gi, ['g', "j'ai", 'jai']],
  [/\bdans\b/gi, ['ds']],
  [/\bvraiment\b/gi, ['vrmt', 'vraiment']],
  [/\brendez-vous\b/gi, ['rdv']],
  [/\bmaintenant\b/gi, ['mtn', 'maintenant']],
  [/\bquelqu'un\b/gi, ['qqn', 'quelqu un']],
  [/\bil y a\b/gi, ['ya', 'y a']],
  [/\btu es\b/gi, ['t']],
  [/\bvous\b/gi, ['vs', 'vous']],
];

export function smsSpelling(text: string, random: Random): string {
  let out = text;
  for (const [pattern, replacements] of FR_SMS) {
    if (random() < 0.6) out = out.replace(pattern, () => pick(random, replacements));
  }
  return out;
}

/** Keyboard slips: swap, drop or double one letter in a few words. */
export function typos(text: string, random: Random, rate = 0.06): string {
  return text.replace(/\p{L}{4,}/gu, (word) => {
    if (random() >= rate) return word;
    const i = 1 + Math.floor(random() * (word.length - 2));
    const kind = random();
    if (kind < 0.33) return word.slice(0, i) + (word[i + 1] ?? '') + word[i] + word.slice(i + 2);
    if (kind < 0.66) return word.slice(0, i) + word.slice(i + 1);
    return word.slice(0, i) + word[i] + word.slice(i);
  });
}

export const HANDLES = ['@MaBanque', '@agora_banque', '@BanqueAgora', '@AgoraBank_FR', '@service_client', '@AgoraHelp'];
export const HASHTAGS_NEG = ['#fail', '#banque', '#arnaque', '#serviceclient', '#colère', '#inadmissible', '#panne'];
export const HASHTAGS_NEU = ['#banque', '#question', '#aide', '#carte', '#virement', '#help'];
export const HASHTAGS_POS = ['#merci', '#top', '#banque', '#satisfait', '#bravo'];
export const EMOJI_NEG = ['😡', '😤', '🤬', '😠', '😩', '😞', '🙄', '👎', '💩', '😭'];
export const EMOJI_NEU = ['🤔', '🙏', '❓', '💳', '🏦', '📱'];
export const EMOJI_POS = ['😍', '👍', '🙏', '😊', '❤️', '👏', '💪', '🥰', '✨'];

export type Sentiment = 'negative' | 'neutral' | 'positive';

export interface NoiseOptions {
  french: boolean;
}

/**
 * Social-network surface noise, applied with fixed probabilities so the corpus mixes clean
 * reviews, sloppy tweets and SMS-style DMs.
 */
export function addSocialNoise(text: string, sentiment: Sentiment, random: Random, options: NoiseOptions): string {
  let out = text;
  if (options.french && random() < 0.2) out = smsSpelling(out, random);
  if (options.french && random() < 0.4) out = dropAccents(out);
  if (random() < 0.3) out = typos(out, random);
  if (random() < 0.35) out = out.toLowerCase();
  else if (random() < 0.04) out = out.toUpperCase();
  if (random() < 0.25) out = out.replace(/[.!?]+$/, '');
  if (random() < 0.1) out = out.replace(/[!?]$/, (m) => m.repeat(2 + Math.floor(random() * 3)));
  if (random() < 0.22) {
    const pool = sentiment === 'negative' ? EMOJI_NEG : sentiment === 'positive' ? EMOJI_POS : EMOJI_NEU;
    out += ` ${pick(random, pool)}`;
    if (random() < 0.3) out += pick(random, pool);
  }
  if (random() < 0.25) out = `${pick(random, HANDLES)} ${out}`;
  if (random() < 0.12) {
    const pool = sentiment === 'negative' ? HASHTAGS_NEG : sentiment === 'positive' ? HASHTAGS_POS : HASHTAGS_NEU;
    out += ` ${pick(random, pool)}`;
  }
  return out;
}
