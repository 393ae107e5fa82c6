// Text normalisation and hashed features shared by training and inference.
// Hashing (instead of a string vocabulary) keeps the shipped models small: a model stores
// 32-bit feature hashes, never the strings, and inference never allocates n-gram substrings.

/** Classification looks at most at this many characters: keeps time per text bounded. */
export const CLASSIFY_MAX_CHARS = 2000;

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const URL_PATTERN = /\bhttps?:\/\/\S+|\bwww\.\S+/g;
const HANDLE_PATTERN = /@[\p{L}\p{N}_]+/gu;

/**
 * Lowercase, fold accents ("débité" and "debite" must look alike because social text often
 * drops them), replace URLs and @handles by placeholders (their content is noise for intent).
 */
export function normalizeText(text: string): string {
  let t = text.length > CLASSIFY_MAX_CHARS ? text.slice(0, CLASSIFY_MAX_CHARS) : text;
  t = t.toLowerCase();
  if (/[^\u0020-\u007e]/.test(t)) t = t.normalize('NFD').replace(COMBINING_MARKS, '');
  t = t.replace(URL_PATTERN, ' urlx ').replace(HANDLE_PATTERN, ' userx ');
  // Typographic apostrophes and elisions: "l'appli" -> "l appli" so "appli" is a word.
  t = t.replace(/[’'`´]/g, ' ');
  return t;
}

/** Tokens: runs of letters/digits (digits folded to 0), plus "!" "?" and emoji as their own tokens. */
export function tokenize(normalized: string): string[] {
  const tokens: string[] = [];
  let current = '';
  for (const ch of normalized) {
    const code = ch.codePointAt(0) ?? 0;
    if ((code >= 97 && code <= 122) || (code >= 0xdf && code <= 0x24f) || code === 0x153 || code === 0xe6) {
      current += ch;
    } else if (code >= 48 && code <= 57) {
      current += '0';
    } else {
      if (current) {
        tokens.push(current);
        current = '';
      }
      if (ch === '!' || ch === '?' || code >= 0x2600) tokens.push(ch);
      else if (code > 0x24f && /\p{L}/u.test(ch)) tokens.push(ch); // other scripts: one token per letter
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

// FNV-1a style 32-bit mixing; Math.imul keeps it in int32 arithmetic (fast, deterministic).
const FNV_PRIME = 16777619;
const SEED_WORD = 0x811c9dc5;
const SEED_CHAR = 0x01000193;
const SEED_BIGRAM = 0x5bd1e995;

function hashString(seed: number, s: string): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ SEED_BIGRAM, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

export interface FeatureOptions {
  /** Smallest and largest char n-gram length (within word boundaries). */
  charMin: number;
  charMax: number;
  wordBigrams: boolean;
  /** Relative weight of word-level features against char n-grams (which outnumber them ~5:1). */
  wordWeight: number;
  /** Char n-grams over the whole token sequence (catch short phrases such as "y card"). */
  crossWord?: boolean;
  /** Pairs of words one apart ("card ... arrived"). */
  skipBigrams?: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { charMin: 2, charMax: 5, wordBigrams: true, wordWeight: 1 };

/**
 * Calls emit(hash) for every feature of the token list: word unigrams, word bigrams and
 * char n-grams of each word padded with boundary marks. Callback style avoids arrays.
 */
export function forEachFeature(tokens: string[], options: FeatureOptions, emit: (hash: number, weight: number) => void): void {
  const ww = options.wordWeight;
  let previous = hashString(SEED_WORD, '<s>');
  let beforePrevious = previous;
  for (const token of tokens) {
    const wordHash = hashString(SEED_WORD, token);
    emit(wordHash, ww);
    if (options.wordBigrams) emit(mix(previous, wordHash), ww);
    if (options.skipBigrams) emit(mix(beforePrevious, wordHash) ^ 0x2a2a2a2a, ww);
    beforePrevious = previous;
    previous = wordHash;
    if (options.crossWord) continue;
    if (token.length === 1 && token.charCodeAt(0) > 0x7f) continue; // emoji / single letters of other scripts
    const padded = ` ${token} `;
    const n = padded.length;
    for (let i = 0; i < n; i++) {
      let h = SEED_CHAR;
      const last = Math.min(n, i + options.charMax);
      for (let j = i; j < last; j++) {
        h = Math.imul(h ^ padded.charCodeAt(j), FNV_PRIME);
        const len = j - i + 1;
        if (len >= options.charMin) emit((h ^ len) >>> 0, 1);
      }
    }
  }
  if (options.wordBigrams) emit(mix(previous, hashString(SEED_WORD, '</s>')), ww);
  if (options.crossWord) {
    const joined = ` ${tokens.join(' ')} `;
    const n = joined.length;
    for (let i = 0; i < n; i++) {
      let h = SEED_CHAR;
      const last = Math.min(n, i + options.charMax);
      for (let j = i; j < last; j++) {
        h = Math.imul(h ^ joined.charCodeAt(j), FNV_PRIME);
        const len = j - i + 1;
        if (len >= options.charMin) emit((h ^ len) >>> 0, 1);
      }
    }
  }
}

/** Convenience for training code: features of a raw text as hash -> count. */
export function featureCounts(text: string, options: FeatureOptions = DEFAULT_FEATURE_OPTIONS): Map<number, number> {
  const counts = new Map<number, number>();
  forEachFeature(tokenize(normalizeText(text)), options, (h) => counts.set(h, (counts.get(h) ?? 0) + 1));
  return counts;
}

/**
 * Folded form for keyword lists: lowercase, no accents, only [a-z0-9] words separated by single
 * spaces, padded with a space at both ends so " term " matches whole words with includes().
 */
export function foldForMatching(text: string, maxChars = 4000): string {
  let t = (text.length > maxChars ? text.slice(0, maxChars) : text).toLowerCase();
  if (/[^\u0020-\u007e]/.test(t)) t = t.normalize('NFD').replace(COMBINING_MARKS, '');
  return ` ${t.replace(/[^a-z0-9]+/g, ' ').trim()} `;
}
