// Matches lists of words and multi-word phrases against a folded text in one pass over its
// words (index by first word), instead of one includes() per phrase: keyword detectors stay
// O(words) however long their lists grow.
import { foldForMatching } from './text-features.ts';

export class PhraseMatcher {
  private readonly byFirstWord = new Map<string, string[][]>();

  constructor(phrases: readonly string[]) {
    for (const phrase of phrases) {
      const words = foldForMatching(phrase).trim().split(' ');
      if (words[0] === '' || words[0] === undefined) continue;
      const list = this.byFirstWord.get(words[0]) ?? [];
      list.push(words);
      this.byFirstWord.set(words[0], list);
    }
  }

  /** Phrases found in the words (each counted once per occurrence), in text order. */
  findAll(words: readonly string[], limit = Number.POSITIVE_INFINITY): string[] {
    const found: string[] = [];
    for (let i = 0; i < words.length && found.length < limit; i++) {
      const candidates = this.byFirstWord.get(words[i] as string);
      if (!candidates) continue;
      for (const phrase of candidates) {
        let k = 1;
        while (k < phrase.length && words[i + k] === phrase[k]) k++;
        if (k === phrase.length) {
          found.push(phrase.join(' '));
          break;
        }
      }
    }
    return found;
  }

  first(words: readonly string[]): string | undefined {
    return this.findAll(words, 1)[0];
  }
}

// Two entries: analyze() alternates between the folded text and the insult detector's variant.
const cachedText = ['', ''];
const cachedWords: string[][] = [[], []];
let nextSlot = 0;

/**
 * Words of a folded text (see foldForMatching). analyze() hands the same folded string to four
 * detectors in a row, so a small cache saves three splits. Callers must not mutate the array.
 */
export function foldedWords(folded: string): string[] {
  if (folded === cachedText[0]) return cachedWords[0] as string[];
  if (folded === cachedText[1]) return cachedWords[1] as string[];
  const trimmed = folded.trim();
  const words = trimmed === '' ? [] : trimmed.split(' ');
  cachedText[nextSlot] = folded;
  cachedWords[nextSlot] = words;
  nextSlot = 1 - nextSlot;
  return words;
}
