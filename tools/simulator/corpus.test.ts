import { describe, expect, it } from 'vitest';
import { createCorpus } from './corpus.ts';

const styles = ['tweet', 'comment', 'dm', 'review'] as const;

describe('corpus', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const corpus = createCorpus(seed);
      return Array.from({ length: 50 }, (_, i) => corpus.message(styles[i % 4] ?? 'dm').text);
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(createCorpus(7).authors).toEqual(createCorpus(7).authors);
  });

  it('is mostly French, with English too, and hundreds of distinct base texts', () => {
    const corpus = createCorpus(2024);
    const messages = Array.from({ length: 3000 }, (_, i) => corpus.message(styles[i % 4] ?? 'dm'));
    const french = messages.filter((m) => m.lang === 'fr').length / messages.length;
    expect(french).toBeGreaterThan(0.72);
    expect(french).toBeLessThan(0.88);
    expect(new Set(messages.map((m) => m.baseText)).size).toBeGreaterThan(300);
    expect(new Set(messages.map((m) => m.topic)).size).toBe(15);
    // Words the full-text search demo relies on.
    const all = messages.map((m) => m.baseText).join('\n');
    for (const word of ['virements', 'dépôt', 'depot', 'Livret A', 'frais']) expect(all).toContain(word);
    expect(messages.some((m) => m.mediaName)).toBe(true);
    expect(messages.every((m) => !/\{\w+\}/.test(m.text))).toBe(true);
  });

  it('has about 80 distinct authors with handles usable on X', () => {
    const { authors } = createCorpus(1);
    expect(authors.length).toBe(80);
    expect(new Set(authors.map((a) => a.handle)).size).toBe(80);
    for (const a of authors) expect(a.handle).toMatch(/^[A-Za-z0-9_]{3,15}$/);
  });
});
