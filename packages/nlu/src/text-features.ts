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
  /** Relative weight of word-level features against char n-grams (which outnumber them ~4:1). */
  wordWeight: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { charMin: 2, charMax: 4, wordBigrams: true, wordWeight: 1 };

const START_HASH = hashString(SEED_WORD, '<s>');
const END_HASH = hashString(SEED_WORD, '</s>');

/**
 * Writes the features of a token list into caller-owned buffers (hash, weight) and returns how
 * many were written (at most hashes.length: bounded work on huge input). Features: word
 * unigrams, word bigrams, char n-grams of each word padded with boundary spaces. Buffers instead
 * of a callback or arrays: this is the hottest loop of analyze().
 */
export function collectFeatures(tokens: string[], options: FeatureOptions, hashes: Uint32Array, weights: Float32Array): number {
  const ww = options.wordWeight;
  const { charMin, charMax } = options;
  const capacity = hashes.length;
  let count = 0;
  let previous = START_HASH;
  for (let t = 0; t < tokens.length && count < capacity; t++) {
    const token = tokens[t] as string;
    const wordHash = hashString(SEED_WORD, token);
    hashes[count] = wordHash;
    weights[count++] = ww;
    if (options.wordBigrams && count < capacity) {
      hashes[count] = mix(previous, wordHash);
      weights[count++] = ww;
    }
    previous = wordHash;
    if (token.length === 1 && token.charCodeAt(0) > 0x7f) continue; // emoji / single letters of other scripts
    // Char n-grams over " token " without building the padded string.
    const n = token.length + 2;
    for (let i = 0; i < n && count < capacity; i++) {
      let h = SEED_CHAR;
      const last = Math.min(n, i + charMax);
      for (let j = i; j < last; j++) {
        const code = j === 0 || j === n - 1 ? 32 : token.charCodeAt(j - 1);
        h = Math.imul(h ^ code, FNV_PRIME);
        const len = j - i + 1;
        if (len >= charMin && count < capacity) {
          hashes[count] = (h ^ len) >>> 0;
          weights[count++] = 1;
        }
      }
    }
  }
  if (options.wordBigrams && count < capacity) {
    hashes[count] = mix(previous, END_HASH);
    weights[count++] = ww;
  }
  return count;
}

/** Callback form for training code (no capacity limit that matters for training texts). */
export function forEachFeature(tokens: string[], options: FeatureOptions, emit: (hash: number, weight: number) => void): void {
  const size = 64 + tokens.reduce((sum, t) => sum + 4 * (t.length + 4), 0);
  const hashes = new Uint32Array(size);
  const weights = new Float32Array(size);
  const n = collectFeatures(tokens, options, hashes, weights);
  for (let i = 0; i < n; i++) emit(hashes[i] as number, weights[i] as number);
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
